import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OutpostError } from '../../contract/index.js';
import { createSourceSupervisor, parseSourceConfig, type SourceAdapter, type SourceSupervisor } from './index.js';
import type { SourceHealth } from './source-types.js';
import {
  createMemoryBlobs,
  createMemoryCheckpoints,
  createMemoryLogger,
  createMemorySink,
  waitFor,
} from './testing/in-memory.js';

const scope = { tenantId: 't1', siteId: 's1' };
const anyConfig = z.object({}).passthrough();

/** A pull source that emits one event per poll. */
function ticker(): SourceAdapter<Record<string, unknown>> & { polls: number } {
  const adapter = {
    kind: 'logfile' as const,
    configSchema: anyConfig,
    polls: 0,
    pollIntervalMs: () => 5,
    async poll(ctx: Parameters<NonNullable<SourceAdapter['poll']>>[0]) {
      adapter.polls += 1;
      await ctx.sink.ingest(ctx.scope, ctx.sourceId, [{ message: `tick ${adapter.polls}` }]);
      return { count: 1, more: false };
    },
    test: () => Promise.resolve({ ok: true, message: 'ok' }),
  };
  return adapter;
}

let supervisor: SourceSupervisor | undefined;
afterEach(async () => {
  await supervisor?.stopAll();
  supervisor = undefined;
});

function make(adapters: Record<string, SourceAdapter<never>>, extra: Record<string, unknown> = {}) {
  const sink = createMemorySink();
  const changes: { id: string; health: SourceHealth }[] = [];
  supervisor = createSourceSupervisor({
    sink,
    blobs: createMemoryBlobs(),
    checkpointsFor: createMemoryCheckpoints().for,
    logger: createMemoryLogger(),
    adapters: adapters as never,
    resilience: { breakerThreshold: 3, breakerCooldownMs: 50, initialBackoffMs: 1, maxBackoffMs: 5 },
    onHealthChange: (id, health) => changes.push({ id, health }),
    ...extra,
  });
  return { sink, changes, supervisor };
}

const source = (id: string, kind: 'logfile' | 'postgres' | 'syslog' | 'webhook' | 'mqtt') => ({
  id,
  kind,
  name: id,
  config: {},
  scope,
});

describe('source supervisor', () => {
  it('keeps a healthy source flowing while another source hangs in its poll, and stop abandons the hung poll', async () => {
    const good = ticker();
    let hungSignal: AbortSignal | undefined;
    let hungSettled = false;
    const hung = {
      kind: 'postgres' as const,
      configSchema: anyConfig,
      poll: (ctx: { signal: AbortSignal }) => {
        hungSignal = ctx.signal;
        return new Promise<never>(() => undefined).finally(() => (hungSettled = true));
      },
      test: () => Promise.resolve({ ok: true, message: 'ok' }),
    };
    const { sink, supervisor: sup } = make({ logfile: good, postgres: hung } as never, { pollTimeoutMs: 600_000 });
    void sup.start(source('hung', 'postgres'));
    await sup.start(source('good', 'logfile'));
    await waitFor(() => sink.of('good').length >= 5, 'five events from the healthy source');
    expect(hungSignal?.aborted).toBe(false);
    expect(hungSettled).toBe(false);
    expect(sup.health('good')).toMatchObject({ state: 'ok', accepted: sink.of('good').length });
    expect(sup.health('good')?.lastEventAt).toBeTypeOf('number');

    await sup.stop('hung');
    expect(hungSignal?.aborted).toBe(true);
    expect(sup.health('hung')?.state).toBe('stopped');
  });

  it('abandons a poll that exceeds its timeout, marks the source degraded and aborts the poll', async () => {
    const signals: AbortSignal[] = [];
    const slow = {
      kind: 'postgres' as const,
      configSchema: anyConfig,
      poll: (ctx: { signal: AbortSignal }) => {
        signals.push(ctx.signal);
        return new Promise<never>(() => undefined);
      },
      test: () => Promise.resolve({ ok: true, message: 'ok' }),
    };
    const good = ticker();
    const { sink, supervisor: sup } = make({ postgres: slow, logfile: good } as never, { pollTimeoutMs: 40 });
    await sup.start(source('slow', 'postgres'));
    await sup.start(source('good', 'logfile'));
    expect(sup.health('slow')).toMatchObject({ state: 'degraded' });
    expect(sup.health('slow')?.lastError).toMatch(/did not finish within 40 ms/);
    expect(signals[0]?.aborted).toBe(true);
    await waitFor(() => signals.length >= 2, 'a retry after the abandoned poll');
    await waitFor(() => sink.of('good').length >= 3, 'events from the healthy source');
  });

  it('opens the breaker after repeated failures, says so in health, then recovers through a half-open probe', async () => {
    let failing = true;
    let attempts = 0;
    const flaky = {
      kind: 'postgres' as const,
      configSchema: anyConfig,
      pollIntervalMs: () => 5,
      poll: async (ctx: Parameters<NonNullable<SourceAdapter['poll']>>[0]) => {
        attempts += 1;
        if (failing) throw new Error('relation "errors" does not exist');
        await ctx.sink.ingest(ctx.scope, ctx.sourceId, [{ message: 'back' }]);
        return { count: 1, more: false };
      },
      test: () => Promise.resolve({ ok: true, message: 'ok' }),
    };
    const good = ticker();
    const { sink, changes, supervisor: sup } = make({ postgres: flaky, logfile: good } as never);
    await sup.start(source('flaky', 'postgres'));
    await sup.start(source('good', 'logfile'));
    await waitFor(() => sup.health('flaky')?.breaker === 'open', 'the breaker to open');
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(sup.health('flaky')).toMatchObject({ state: 'down', lastError: 'relation "errors" does not exist' });
    // Still failing: the half-open probe fails and the breaker opens again.
    await waitFor(() => changes.some((c) => c.id === 'flaky' && c.health.breaker === 'half-open'), 'a probe');
    failing = false;
    await waitFor(() => sup.health('flaky')?.breaker === 'closed', 'the breaker to close');
    expect(sup.health('flaky')).toMatchObject({ state: 'ok', lastError: 'relation "errors" does not exist' });
    expect(sup.health('flaky')?.accepted).toBeGreaterThan(0);
    expect(sink.of('flaky')[0]?.message).toBe('back');
    expect(sink.of('good').length).toBeGreaterThan(0);
  });

  it('counts rejected inputs, shows the reason, and markOk clears degraded', async () => {
    let ctxRef: Parameters<NonNullable<SourceAdapter['start']>>[0] | undefined;
    const push = {
      kind: 'syslog' as const,
      configSchema: anyConfig,
      start: (ctx: Parameters<NonNullable<SourceAdapter['start']>>[0]) => {
        ctxRef = ctx;
        return Promise.resolve({ stop: () => Promise.resolve() });
      },
      test: () => Promise.resolve({ ok: true, message: 'ok' }),
    };
    const { supervisor: sup } = make({ syslog: push } as never);
    await sup.start(source('push', 'syslog'));
    ctxRef?.reject('invalid PRI "<999>"');
    ctxRef?.reject('binary garbage');
    expect(sup.health('push')).toMatchObject({ state: 'degraded', rejected: 2, lastError: 'binary garbage' });
    await ctxRef?.sink.ingest(scope, 'push', [{ message: 'a' }, { message: 'b' }]);
    ctxRef?.markOk();
    expect(sup.health('push')).toMatchObject({ state: 'ok', rejected: 2, accepted: 2 });
  });

  it('lets a running push source report that it cannot deliver, and markOk clears it', async () => {
    let ctxRef: Parameters<NonNullable<SourceAdapter['start']>>[0] | undefined;
    const push = {
      kind: 'mqtt' as const,
      configSchema: anyConfig,
      start: (ctx: Parameters<NonNullable<SourceAdapter['start']>>[0]) => {
        ctxRef = ctx;
        return Promise.resolve({ stop: () => Promise.resolve() });
      },
      test: () => Promise.resolve({ ok: true, message: 'ok' }),
    };
    const { supervisor: sup } = make({ mqtt: push } as never);
    await sup.start(source('push', 'mqtt'));
    expect(sup.health('push')).toMatchObject({ state: 'ok', lastError: null });
    ctxRef?.fail('Lost the connection to the MQTT broker mqtt://127.0.0.1:1883');
    expect(sup.health('push')).toMatchObject({
      state: 'degraded',
      lastError: 'Lost the connection to the MQTT broker mqtt://127.0.0.1:1883',
      breaker: 'closed',
    });
    expect(sup.health('push')?.lastErrorAt).toEqual(expect.any(Number));
    ctxRef?.markOk();
    expect(sup.health('push')?.state).toBe('ok');
    // A late report from a stopped source does not revive it.
    await sup.stop('push');
    ctxRef?.fail('late');
    expect(sup.health('push')?.state).toBe('stopped');
  });

  it('retries a push source whose start fails, and stop aborts its signal', async () => {
    let starts = 0;
    let stopped = false;
    let signal: AbortSignal | undefined;
    const push = {
      kind: 'syslog' as const,
      configSchema: anyConfig,
      start: (ctx: { signal: AbortSignal }) => {
        starts += 1;
        if (starts < 3) return Promise.reject(new Error('EADDRINUSE: port 5514 is taken'));
        signal = ctx.signal;
        return Promise.resolve({ stop: () => Promise.resolve(void (stopped = true)) });
      },
      test: () => Promise.resolve({ ok: true, message: 'ok' }),
    };
    const { supervisor: sup } = make({ syslog: push } as never);
    await sup.start(source('push', 'syslog'));
    expect(sup.health('push')).toMatchObject({ state: 'degraded', lastError: 'EADDRINUSE: port 5514 is taken' });
    await waitFor(() => sup.health('push')?.state === 'ok', 'the third start to succeed');
    expect(starts).toBe(3);
    await sup.stop('push');
    expect(signal?.aborted).toBe(true);
    expect(stopped).toBe(true);
  });

  it('stops polling a stopped source while others go on', async () => {
    const a = ticker();
    const b = ticker();
    const { supervisor: sup } = make({ logfile: a, postgres: { ...b, kind: 'postgres' } } as never);
    await sup.start(source('a', 'logfile'));
    await waitFor(() => a.polls >= 2, 'a to poll');
    await sup.stop('a');
    const pollsAtStop = a.polls;
    await sup.start(source('b', 'postgres'));
    await waitFor(() => b.polls >= 5, 'b to poll five times');
    expect(a.polls).toBe(pollsAtStop);
    expect(sup.healthAll()).toMatchObject({ a: { state: 'stopped' }, b: { state: 'ok' } });
  });

  it('lets the webhook route report into health', async () => {
    const { supervisor: sup } = make({} as never, { adapters: undefined });
    await sup.start(source('hook', 'webhook'));
    sup.recordAccepted('hook', 3);
    sup.recordRejected('hook', 'body.message: is required');
    expect(sup.health('hook')).toMatchObject({ accepted: 3, rejected: 1, lastError: 'body.message: is required' });
    expect(await sup.test('webhook', {})).toMatchObject({ ok: true });
  });
});

describe('parseSourceConfig', () => {
  it('fills defaults and names bad fields under config.', () => {
    expect(parseSourceConfig('webhook', {})).toEqual({ allowMedia: true });
    const error = (() => {
      try {
        parseSourceConfig('webhook', { allowMedia: 'yes' });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).code).toBe('invalid_input');
    expect((error as OutpostError).issues?.[0]?.path).toBe('config.allowMedia');
  });

  it('rejects an unknown kind naming the field', () => {
    expect(() => parseSourceConfig('carrier-pigeon', {})).toThrow(/Unknown source kind "carrier-pigeon"/);
  });
});
