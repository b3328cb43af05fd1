import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWorkerPool,
  PoolClosedError,
  PoolFullError,
  PoolJobError,
  PoolJobTimeoutError,
  PoolWorkerLostError,
  type WorkerPool,
  type WorkerPoolOptions,
} from './index.js';
import type { EchoJob } from './test-support/echo-worker.js';
import { failure } from './test-support/index.js';

// startModuleWorker starts `<name>.ts` beside the file named here.
const SUPPORT = new URL('./test-support/entry.ts', import.meta.url).href;

const pools: WorkerPool<EchoJob, string>[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function pool(options: Partial<WorkerPoolOptions> = {}): WorkerPool<EchoJob, string> {
  const created = createWorkerPool<EchoJob, string>({
    name: 'Echo',
    entry: { baseUrl: SUPPORT, name: 'echo-worker' },
    size: 1,
    maxWaitingPerTenant: 100,
    maxWaiting: 1000,
    ...options,
  });
  pools.push(created);
  return created;
}

/** Runs the jobs as given, and lists the labels in the order they finished. */
async function finishOrder(p: WorkerPool<EchoJob, string>, jobs: [tenant: string, job: EchoJob][]) {
  const done: string[] = [];
  await Promise.all(jobs.map(([tenant, job]) => p.run(tenant, job).then((label) => void done.push(label))));
  return done;
}

describe('worker pool', () => {
  it('lets another tenant’s small job in after at most the one job running', async () => {
    const p = pool();
    await p.warm();
    const order = await finishOrder(p, [
      ['a', { label: 'a1', ms: 150 }],
      ['a', { label: 'a2', ms: 150 }],
      ['a', { label: 'a3', ms: 150 }],
      ['a', { label: 'a4', ms: 150 }],
      ['b', { label: 'b-small' }],
    ]);
    expect(order).toEqual(['a1', 'b-small', 'a2', 'a3', 'a4']);
  });

  it('takes turns between tenants with backlogs, first come first served within each', async () => {
    const p = pool();
    const order = await finishOrder(p, [
      ['a', { label: 'a1', ms: 20 }],
      ['a', { label: 'a2', ms: 20 }],
      ['a', { label: 'a3', ms: 20 }],
      ['b', { label: 'b1', ms: 20 }],
      ['b', { label: 'b2', ms: 20 }],
      ['c', { label: 'c1', ms: 20 }],
    ]);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('refuses a tenant over its waiting limit and everyone over the pool’s, with a time to retry', async () => {
    const p = pool({ maxWaitingPerTenant: 2, maxWaiting: 3 });
    const accepted = [p.run('a', { label: 'a1', ms: 300 }), p.run('a', { label: 'a2' }), p.run('a', { label: 'a3' })];
    const tenantFull = await failure(p.run('a', { label: 'a4' }));
    expect(tenantFull).toBeInstanceOf(PoolFullError);
    expect(tenantFull).toMatchObject({ scope: 'tenant', waiting: 2 });
    expect((tenantFull as PoolFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);

    accepted.push(p.run('b', { label: 'b1' }));
    const poolFull = await failure(p.run('c', { label: 'c1' }));
    expect(poolFull).toMatchObject({ scope: 'pool', waiting: 3 });
    expect(await Promise.all(accepted)).toEqual(['a1', 'a2', 'a3', 'b1']);
    // Room again once the queue drained.
    expect(await p.run('a', { label: 'a5' })).toBe('a5');
  });

  it('runs jobs of several threads at once when sized so', async () => {
    const p = pool({ size: 2 });
    const order = await finishOrder(p, [
      ['a', { label: 'a-long', ms: 400 }],
      ['a', { label: 'a-short', ms: 10 }],
    ]);
    expect(order).toEqual(['a-short', 'a-long']);
    expect(p.stats()).toEqual({ threads: 2, running: 0, waiting: 0 });
  });

  it('stops a job past its time limit and answers the next one from a new worker', async () => {
    const p = pool({ jobTimeoutMs: 300 });
    const stuck = p.run('a', { label: 'stuck', hang: true });
    const next = p.run('a', { label: 'next' });
    expect(await failure(stuck)).toBeInstanceOf(PoolJobTimeoutError);
    expect(await next).toBe('next');
  });

  it('fails only the job whose worker crashed, and tells a job that threw', async () => {
    const p = pool();
    const crashed = p.run('a', { label: 'boom', crash: true });
    const after = p.run('b', { label: 'after' });
    expect(await failure(crashed)).toBeInstanceOf(PoolWorkerLostError);
    expect(await after).toBe('after');
    const thrown = await failure(p.run('a', { label: 'x', fail: 'cannot parse line 3' }));
    expect(thrown).toBeInstanceOf(PoolJobError);
    expect(thrown.message).toBe('cannot parse line 3');
    expect(await p.run('a', { label: 'still-fine' })).toBe('still-fine');
  });

  it('warms up with what the worker reports, and fails warm-up for a worker that cannot start', async () => {
    expect(await pool().warm()).toEqual({ kind: 'echo' });
    const broken = pool({ name: 'Broken', entry: { baseUrl: SUPPORT, name: 'failing-worker' } });
    const err = await failure(broken.warm());
    expect(err).toBeInstanceOf(PoolWorkerLostError);
    expect(err.message).toMatch(/the model file is damaged/u);
  });

  it('keeps a process alive while it warms, and lets it exit once idle', async () => {
    const script = fileURLToPath(new URL('./test-support/warm-alone.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe('{"kind":"echo"}');
  });

  it('fails waiting and running jobs when closed, and refuses new ones', async () => {
    const p = pool();
    const running = failure(p.run('a', { label: 'long', ms: 2000 }));
    const waiting = failure(p.run('b', { label: 'waiting' }));
    await p.close();
    await p.close();
    expect(await running).toBeInstanceOf(PoolClosedError);
    expect(await waiting).toBeInstanceOf(PoolClosedError);
    expect(await failure(p.run('a', { label: 'late' }))).toBeInstanceOf(PoolClosedError);
  });
});
