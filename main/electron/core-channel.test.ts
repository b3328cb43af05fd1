import { describe, expect, it, vi } from 'vitest';
import { OutpostError, type TopicName } from '../contract/index.js';
import type { Core, Session, TopicListener } from '../core/index.js';
import { CoreClient } from './core-client.js';
import { serveCore } from './core-server.js';
import { portPair } from './test-support/index.js';

const session: Session = {
  sessionId: 's1',
  userId: 'u1',
  tenantId: 't1',
  email: 'ops@example.com',
  role: 'admin',
  installationAdmin: false,
  expiresAt: Number.MAX_SAFE_INTEGER,
};

function fakeCore(overrides: Partial<Core> = {}) {
  const listeners: TopicListener[] = [];
  const core = {
    config: {} as Core['config'],
    version: '0.0.0-test',
    methods: [],
    call: vi.fn(async (method: string, input: unknown, ctx) => {
      if (method === 'boom.now') throw new Error('secret detail');
      if (method === 'auth.me' && ctx.token !== 'good') throw new OutpostError('unauthenticated', 'Sign in first.');
      return { method, input, ctx };
    }),
    authenticate: vi.fn(async (token: string | undefined) => {
      if (token !== 'good') throw new OutpostError('unauthenticated', 'Sign in first.');
      return session;
    }),
    subscribe: vi.fn((_s: Session, _topics: readonly TopicName[], listener: TopicListener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    }),
    health: vi.fn(),
    ready: () => true,
    close: vi.fn(async () => {}),
    ...overrides,
  } satisfies Core;
  const emit = (topic: TopicName, payload: unknown) => listeners.forEach((l) => l(topic, payload as never));
  return { core, emit, listeners };
}

function connect(core: Core, options: { timeoutMs?: number; now?: () => number } = {}) {
  const [mainPort, corePort] = portPair();
  const onClosed = vi.fn();
  const logError = vi.fn();
  serveCore(core, corePort, { onClosed, logError, ...(options.now ? { now: options.now } : {}) });
  const client = new CoreClient(mainPort, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
  corePort.postMessage({ type: 'ready' });
  return { client, onClosed, logError, corePort };
}

describe('Core over a MessagePort', () => {
  it('answers calls with the IPC call context and the token main attached', async () => {
    const { core } = fakeCore();
    const { client } = connect(core);
    const result = await client.call('sites.list', { a: 1 }, 'good');
    expect(result).toEqual({
      ok: true,
      result: { method: 'sites.list', input: { a: 1 }, ctx: { transport: 'ipc', token: 'good', address: 'ipc' } },
    });
  });

  it('carries OutpostErrors as their body and hides unexpected ones', async () => {
    const { core } = fakeCore();
    const { client, logError } = connect(core);
    expect(await client.call('auth.me', {}, undefined)).toEqual({
      ok: false,
      error: { code: 'unauthenticated', message: 'Sign in first.' },
    });
    const internal = await client.call('boom.now', {}, undefined);
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('internal');
      expect(internal.error.message).not.toContain('secret detail');
    }
    expect(logError).toHaveBeenCalledOnce();
  });

  it('answers a media-link question with only what main needs, and not_found where the Core keeps no media', async () => {
    const file = { id: 'm1', sha256: 'a'.repeat(64), kind: 'clip' as const, contentType: 'video/mp4', size: 10 };
    const { core } = fakeCore({
      mediaFile: vi.fn(async (id: string, credentials) => {
        if (credentials.link !== 'signed') throw new OutpostError('unauthenticated', 'The link has expired.');
        return { ...file, id, fileName: 'gate-clip.mp4', path: '/data/blobs/sha256/aa/x' };
      }),
    });
    const { client } = connect(core);
    expect(await client.mediaFile('m1', 'signed')).toEqual({
      ok: true,
      result: {
        path: '/data/blobs/sha256/aa/x',
        sha256: file.sha256,
        contentType: 'video/mp4',
        size: 10,
        fileName: 'gate-clip.mp4',
      },
    });
    expect(await client.mediaFile('m1', 'old')).toEqual({
      ok: false,
      error: { code: 'unauthenticated', message: 'The link has expired.' },
    });
    const bare = connect(fakeCore().core).client;
    expect(await bare.mediaFile('m1', 'signed')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps answers apart when calls overlap', async () => {
    const { core } = fakeCore();
    const { client } = connect(core);
    const results = await Promise.all(['a.one', 'b.two', 'c.three'].map((m) => client.call(m, {}, undefined)));
    expect(results.map((r) => (r.ok ? (r.result as { method: string }).method : null))).toEqual([
      'a.one',
      'b.two',
      'c.three',
    ]);
  });

  it('times out a call the Core never answers', async () => {
    const { core } = fakeCore({ call: () => new Promise(() => {}) });
    const { client } = connect(core, { timeoutMs: 30 });
    const result = await client.call('sites.list', {}, undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable');
      expect(result.error.message).toMatch(/did not answer/);
    }
  });

  it('answers malformed requests with invalid_input instead of crashing', async () => {
    const { core } = fakeCore();
    const [mainPort, corePort] = portPair();
    serveCore(core, corePort);
    const replies: unknown[] = [];
    mainPort.on('message', (e) => replies.push(e.data));
    mainPort.postMessage({ type: 'call', id: 7, method: 42 });
    mainPort.postMessage('garbage');
    mainPort.postMessage(null);
    await new Promise((r) => setTimeout(r, 20));
    expect(replies).toEqual([
      { type: 'reply', id: 7, ok: false, error: expect.objectContaining({ code: 'invalid_input' }) },
    ]);
    expect(core.call).not.toHaveBeenCalled();
  });

  it('waits for the Core to be ready, and reports a failed start to every caller', async () => {
    const [mainPort, corePort] = portPair();
    const client = new CoreClient(mainPort);
    const pending = client.call('sites.list', {}, undefined);
    corePort.postMessage({
      type: 'fatal',
      error: { code: 'unavailable', message: 'The database is newer than this program: update Outpost.' },
    });
    await expect(client.ready).rejects.toThrow(/update Outpost/);
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The database is newer than this program: update Outpost.' },
    });
  });

  it('streams events for a signed-in subscription and stops on unsubscribe', async () => {
    const { core, emit } = fakeCore();
    const { client } = connect(core);
    const events: unknown[] = [];
    const result = await client.subscribe('good', ['sites.changed'], {
      onEvent: (topic, payload) => events.push({ topic, payload }),
      onEnd: () => {},
    });
    expect(result.ok).toBe(true);
    expect(core.subscribe).toHaveBeenCalledWith(session, ['sites.changed'], expect.any(Function));
    emit('sites.changed', { siteId: 'x', action: 'created' });
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([{ topic: 'sites.changed', payload: { siteId: 'x', action: 'created' } }]);

    if (result.ok) result.unsubscribe();
    await new Promise((r) => setTimeout(r, 10));
    emit('sites.changed', { siteId: 'y', action: 'created' });
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toHaveLength(1);
  });

  it('refuses subscriptions without a valid session', async () => {
    const { core } = fakeCore();
    const { client } = connect(core);
    const result = await client.subscribe('stolen', ['sites.changed'], { onEvent: () => {}, onEnd: () => {} });
    expect(result).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Sign in first.' } });
    expect(core.subscribe).not.toHaveBeenCalled();
  });

  it('ends a subscription whose session expired', async () => {
    const { core, emit, listeners } = fakeCore();
    let now = 0;
    const expiring = { ...session, expiresAt: 100 };
    vi.mocked(core.authenticate).mockResolvedValueOnce(expiring);
    const { client } = connect(core, { now: () => now });
    const onEnd = vi.fn();
    const onEvent = vi.fn();
    await client.subscribe('good', ['users.changed'], { onEvent, onEnd });
    now = 100;
    emit('users.changed', { userId: 'u', action: 'updated' });
    await new Promise((r) => setTimeout(r, 10));
    expect(onEvent).not.toHaveBeenCalled();
    expect(onEnd).toHaveBeenCalledWith(expect.objectContaining({ code: 'unauthenticated' }));
    expect(listeners).toHaveLength(0);
  });

  it('closes the store on close, ends subscriptions, then refuses further calls', async () => {
    const { core, listeners } = fakeCore();
    const { client, onClosed } = connect(core);
    await client.subscribe('good', ['sites.changed'], { onEvent: () => {}, onEnd: () => {} });
    await client.close();
    expect(core.close).toHaveBeenCalledOnce();
    expect(onClosed).toHaveBeenCalledOnce();
    expect(listeners).toHaveLength(0);
    const after = await client.call('sites.list', {}, undefined);
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.error.code).toBe('unavailable');
  });

  it('fails waiting calls and live subscriptions when the Core process dies', async () => {
    const { core } = fakeCore({ call: () => new Promise(() => {}) });
    const { client } = connect(core);
    const onEnd = vi.fn();
    await client.subscribe('good', ['sites.changed'], { onEvent: () => {}, onEnd });
    const pending = client.call('sites.list', {}, undefined);
    await new Promise((r) => setTimeout(r, 5));
    client.fail({ code: 'unavailable', message: 'The Outpost core has stopped. Start Outpost again.' });
    expect((await pending).ok).toBe(false);
    expect(onEnd).toHaveBeenCalledWith(expect.objectContaining({ code: 'unavailable' }));
  });
});
