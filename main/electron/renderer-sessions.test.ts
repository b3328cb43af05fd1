import { describe, expect, it, vi } from 'vitest';
import type { RpcResult, TopicName } from '../contract/index.js';
import type { SubscribeResult, SubscriptionHandlers } from './core-client.js';
import { RendererSessions, type CoreGateway, type RendererEvent } from './renderer-sessions.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

function fakeGateway() {
  const live: Array<{ token: string; topics: TopicName[]; handlers: SubscriptionHandlers; ended: boolean }> = [];
  const calls: Array<{ method: string; token: string | undefined }> = [];
  const gateway: CoreGateway = {
    call: vi.fn(async (method: string, input: unknown, token: string | undefined): Promise<RpcResult> => {
      calls.push({ method, token });
      if (method === 'auth.login') {
        const { password } = input as { password: string };
        if (password !== 'right')
          return { ok: false, error: { code: 'unauthenticated', message: 'Wrong email or password.' } };
        return { ok: true, result: { token: 'tok-1', expiresAt: 1, user: { email: 'ops@example.com' } } };
      }
      if (token === 'expired') return { ok: false, error: { code: 'unauthenticated', message: 'Sign in again.' } };
      if (method === 'auth.logout') return { ok: true, result: { ok: true } };
      return { ok: true, result: { method } };
    }),
    subscribe: vi.fn(
      async (token: string, topics: TopicName[], handlers: SubscriptionHandlers): Promise<SubscribeResult> => {
        if (token === 'expired') return { ok: false, error: { code: 'unauthenticated', message: 'Sign in again.' } };
        const entry = { token, topics, handlers, ended: false };
        live.push(entry);
        return { ok: true, unsubscribe: () => (entry.ended = true) };
      },
    ),
  };
  const active = () => live.filter((l) => !l.ended);
  return { gateway, calls, live, active };
}

function setup() {
  const fake = fakeGateway();
  const sent: Array<{ id: number; event: RendererEvent }> = [];
  const sessions = new RendererSessions(fake.gateway, (id, event) => sent.push({ id, event }));
  return { ...fake, sent, sessions };
}

const login = (sessions: RendererSessions, id = 1, password = 'right') =>
  sessions.call(id, { method: 'auth.login', input: { email: 'ops@example.com', password } });

describe('RendererSessions', () => {
  it('keeps the token from auth.login and hides it from the page', async () => {
    const { sessions, calls } = setup();
    const result = await login(sessions);
    expect(result).toEqual({ ok: true, result: { token: '', expiresAt: 1, user: { email: 'ops@example.com' } } });
    expect(sessions.isSignedIn(1)).toBe(true);
    await sessions.call(1, { method: 'sites.list', input: {} });
    expect(calls.at(-1)).toEqual({ method: 'sites.list', token: 'tok-1' });
  });

  it('keeps tokens per window', async () => {
    const { sessions, calls } = setup();
    await login(sessions, 1);
    await sessions.call(2, { method: 'sites.list', input: {} });
    expect(calls.at(-1)).toEqual({ method: 'sites.list', token: undefined });
    expect(sessions.isSignedIn(2)).toBe(false);
  });

  it('forgets the token on auth.logout', async () => {
    const { sessions, calls } = setup();
    await login(sessions);
    await sessions.call(1, { method: 'auth.logout', input: {} });
    expect(calls.at(-1)).toEqual({ method: 'auth.logout', token: 'tok-1' });
    expect(sessions.isSignedIn(1)).toBe(false);
  });

  it('forgets the token when the Core says the session is no longer valid', async () => {
    const { sessions, gateway } = setup();
    await login(sessions);
    vi.mocked(gateway.call).mockResolvedValueOnce({
      ok: false,
      error: { code: 'unauthenticated', message: 'Expired.' },
    });
    await sessions.call(1, { method: 'sites.list', input: {} });
    expect(sessions.isSignedIn(1)).toBe(false);
  });

  it('keeps the current session when a second login fails', async () => {
    const { sessions } = setup();
    await login(sessions);
    const failed = await login(sessions, 1, 'wrong');
    expect(failed.ok).toBe(false);
    expect(sessions.isSignedIn(1)).toBe(true);
  });

  it('starts live updates only once signed in, and only for subscribed topics', async () => {
    const { sessions, active, sent } = setup();
    expect(sessions.subscribe(1, 'sites.changed')).toEqual({ ok: true, result: { topic: 'sites.changed' } });
    await tick();
    expect(active()).toHaveLength(0);

    await login(sessions);
    await tick();
    expect(active()).toHaveLength(1);
    expect(active()[0]).toMatchObject({ token: 'tok-1', topics: ['sites.changed'] });

    active()[0]!.handlers.onEvent('sites.changed', { siteId: 'a', action: 'created' });
    active()[0]!.handlers.onEvent('users.changed', { userId: 'b', action: 'created' });
    expect(sent).toEqual([{ id: 1, event: { topic: 'sites.changed', payload: { siteId: 'a', action: 'created' } } }]);
  });

  it('re-subscribes with the new topic set, then drops the old feed', async () => {
    const { sessions, active, live } = setup();
    await login(sessions);
    sessions.subscribe(1, 'sites.changed');
    await tick();
    sessions.subscribe(1, 'users.changed');
    await tick();
    expect(active()).toHaveLength(1);
    expect(active()[0]!.topics.sort()).toEqual(['sites.changed', 'users.changed']);
    expect(live[0]!.ended).toBe(true);

    sessions.unsubscribe(1, 'sites.changed');
    sessions.unsubscribe(1, 'users.changed');
    await tick();
    expect(active()).toHaveLength(0);
  });

  it('stops live updates on logout', async () => {
    const { sessions, active } = setup();
    await login(sessions);
    sessions.subscribe(1, 'sites.changed');
    await tick();
    await sessions.call(1, { method: 'auth.logout', input: {} });
    await tick();
    expect(active()).toHaveLength(0);
  });

  it('signs the window out when the Core ends its feed for an expired session', async () => {
    const { sessions, active } = setup();
    await login(sessions);
    sessions.subscribe(1, 'sites.changed');
    await tick();
    active()[0]!.handlers.onEnd({ code: 'unauthenticated', message: 'Expired.' });
    expect(sessions.isSignedIn(1)).toBe(false);
  });

  it('drops topics when the page is replaced, but keeps the sign-in', async () => {
    const { sessions, active } = setup();
    await login(sessions);
    sessions.subscribe(1, 'sites.changed');
    await tick();
    sessions.resetTopics(1);
    await tick();
    expect(active()).toHaveLength(0);
    expect(sessions.isSignedIn(1)).toBe(true);
  });

  it('cleans up a closed window, including a subscription still on its way', async () => {
    const { sessions, active } = setup();
    await login(sessions);
    sessions.subscribe(1, 'sites.changed');
    sessions.forget(1);
    await tick();
    expect(active()).toHaveLength(0);
    expect(sessions.isSignedIn(1)).toBe(false);
  });
});
