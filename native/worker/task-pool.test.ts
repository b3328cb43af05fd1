import { afterEach, describe, expect, it } from 'vitest';
import { createTaskPool, PoolClosedError, PoolFullError, type TaskPool, type TaskPoolOptions } from './index.js';
import { failure } from './test-support/index.js';

const pools: TaskPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function pool(options: Partial<TaskPoolOptions> = {}): TaskPool {
  const created = createTaskPool({ name: 'Tasks', size: 1, maxWaitingPerTenant: 100, maxWaiting: 1000, ...options });
  pools.push(created);
  return created;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

/** Runs the tasks as given (each sleeps `ms`), and lists the labels in the order they finished. */
async function finishOrder(p: TaskPool, tasks: [tenant: string, label: string, ms: number][]) {
  const done: string[] = [];
  await Promise.all(
    tasks.map(([tenant, label, ms]) => p.run(tenant, () => sleep(ms)).then(() => void done.push(label))),
  );
  return done;
}

describe('task pool', () => {
  it('lets another tenant’s task in after at most the one running, and takes turns between backlogs', async () => {
    expect(
      await finishOrder(pool(), [
        ['a', 'a1', 60],
        ['a', 'a2', 60],
        ['a', 'a3', 60],
        ['b', 'b1', 1],
        ['b', 'b2', 1],
      ]),
    ).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('runs `size` tasks at once and no more', async () => {
    const p = pool({ size: 2 });
    let now = 0;
    let most = 0;
    const task = async () => {
      most = Math.max(most, ++now);
      await sleep(20);
      now--;
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.run(i % 2 ? 'a' : 'b', task)));
    expect(most).toBe(2);
    expect(p.stats()).toEqual({ size: 2, running: 0, waiting: 0 });
  });

  it('refuses a tenant over its waiting limit and everyone over the pool’s, with a time to retry', async () => {
    const p = pool({ maxWaitingPerTenant: 2, maxWaiting: 3 });
    const accepted = [p.run('a', () => sleep(200)), p.run('a', () => sleep(1)), p.run('a', () => sleep(1))];
    const tenantFull = await failure(p.run('a', () => sleep(1)));
    expect(tenantFull).toBeInstanceOf(PoolFullError);
    expect(tenantFull).toMatchObject({ scope: 'tenant', waiting: 2 });
    expect((tenantFull as PoolFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    accepted.push(p.run('b', () => sleep(1)));
    expect(await failure(p.run('c', () => sleep(1)))).toMatchObject({ scope: 'pool', waiting: 3 });
    await Promise.all(accepted);
    await p.run('a', () => sleep(1));
  });

  it('passes a task’s own failure on and goes on with the next', async () => {
    const p = pool();
    const failed = failure(p.run('a', () => Promise.reject(new Error('ffprobe could not read the file'))));
    const thrown = failure(
      p.run('a', () => {
        throw new Error('thrown at once');
      }),
    );
    expect((await failed).message).toBe('ffprobe could not read the file');
    expect((await thrown).message).toBe('thrown at once');
    expect(await p.run('b', () => Promise.resolve(42))).toBe(42);
  });

  it('aborts running tasks and fails waiting ones when closed, and refuses new ones', async () => {
    const p = pool();
    const running = failure(p.run('a', (signal) => sleep(5000, signal)));
    const waiting = failure(p.run('b', () => sleep(1)));
    await Promise.all([p.close(), p.close()]);
    expect(await running).toBeInstanceOf(PoolClosedError);
    expect(await waiting).toBeInstanceOf(PoolClosedError);
    expect(await failure(p.run('a', () => sleep(1)))).toBeInstanceOf(PoolClosedError);
  });
});
