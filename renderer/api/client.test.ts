import { describe, expect, it, vi } from 'vitest';
import type { OutpostBridge, RpcResult } from '../../main/contract/index.js';
import { ApiError, describeError } from './api-error.js';
import { createApiClient } from './client.js';

const BASE = 'http://127.0.0.1:4870/';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function httpClient(fetchImpl: typeof fetch, token: string | null = 'tok', onUnauthenticated = vi.fn()) {
  const client = createApiClient({
    bridge: undefined,
    baseUrl: BASE,
    getToken: () => token,
    onUnauthenticated,
    fetch: fetchImpl,
  });
  return { client, onUnauthenticated };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('HTTP transport', () => {
  it('posts JSON with the bearer token and returns the body', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { sites: [] }));
    const { client } = httpClient(fetchMock as typeof fetch);
    await expect(client.call('sites.list', {})).resolves.toEqual({ sites: [] });
    expect(client.transport).toBe('http');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:4870/api/rpc/sites.list');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{}');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('sends no Authorization header without a token', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { status: 'ok' }));
    const { client } = httpClient(fetchMock as typeof fetch, null);
    await client.call('system.health', {});
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('resolves the API beside an app served under a sub-path', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, {}));
    const client = createApiClient({ bridge: undefined, baseUrl: 'https://hub.example/outpost/', fetch: fetchMock });
    await client.call('auth.me', {});
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('https://hub.example/outpost/api/rpc/auth.me');
  });

  it('maps an error body to ApiError with code, issues and message', async () => {
    const body = {
      error: {
        code: 'invalid_input',
        message: 'Invalid input: slug: must be lowercase',
        issues: [{ path: 'slug', message: 'must be lowercase' }],
      },
    };
    const { client } = httpClient(async () => jsonResponse(400, body));
    const err = await rejection(client.call('sites.create', { name: 'A', slug: 'BAD' }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('Invalid input: slug: must be lowercase');
    expect(err.issues).toEqual([{ path: 'slug', message: 'must be lowercase' }]);
  });

  it('takes the wait time from the body or from Retry-After', async () => {
    const limited = { error: { code: 'rate_limited', message: 'Too many failed sign-ins.' } };
    const { client } = httpClient(async () => jsonResponse(429, limited, { 'Retry-After': '90' }));
    const err = await rejection(client.call('auth.login', { email: 'a@b.c', password: 'x' }));
    expect(err.retryAfterSeconds).toBe(90);
    expect(describeError(err)).toBe('Too many failed sign-ins. Try again in 2 minutes.');

    const withBody = { error: { ...limited.error, retryAfterSeconds: 5 } };
    const { client: other } = httpClient(async () => jsonResponse(429, withBody));
    expect((await rejection(other.call('auth.login', { email: 'a@b.c', password: 'x' }))).retryAfterSeconds).toBe(5);
  });

  it('clears the session on 401 from any call but a login attempt', async () => {
    const body = { error: { code: 'unauthenticated', message: 'Your session has ended. Sign in again.' } };
    const { client, onUnauthenticated } = httpClient(async () => jsonResponse(401, body));
    await rejection(client.call('auth.login', { email: 'a@b.c', password: 'wrong' }));
    expect(onUnauthenticated).not.toHaveBeenCalled();
    expect((await rejection(client.call('sites.list', {}))).code).toBe('unauthenticated');
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('explains a network failure in terms the user can act on', async () => {
    const { client } = httpClient(async () => {
      throw new TypeError('fetch failed');
    });
    const err = await rejection(client.call('sites.list', {}));
    expect(err.code).toBe('unavailable');
    expect(err.message).toBe('Cannot reach Outpost at http://127.0.0.1:4870 — is `outpost serve` running?');
  });

  it('reads media with the bearer token and maps a refusal to ApiError', async () => {
    const sha = 'a'.repeat(64);
    const fetchMock = vi.fn(
      async () => new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'image/png' } }),
    );
    const { client } = httpClient(fetchMock as typeof fetch);
    const blob = await client.readMedia(sha);
    expect(blob.type).toBe('image/png');
    expect(blob.size).toBe(3);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`http://127.0.0.1:4870/api/media/${sha}`);
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');

    const missing = { error: { code: 'not_found', message: 'There is no such media file for your events.' } };
    const { client: other, onUnauthenticated } = httpClient(async () => jsonResponse(404, missing));
    const err = await rejection(other.readMedia(sha));
    expect(err.code).toBe('not_found');
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('maps an answer without an error body by its status', async () => {
    const { client } = httpClient(async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const err = await rejection(client.call('sites.list', {}));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/not answering \(HTTP 502\)/);
  });
});

describe('IPC transport', () => {
  function bridgeAnswering(result: RpcResult): OutpostBridge & { call: ReturnType<typeof vi.fn> } {
    return { call: vi.fn(async () => result), subscribe: vi.fn(() => () => {}) };
  }

  it('is chosen when a bridge is present and unwraps results', async () => {
    const bridge = bridgeAnswering({ ok: true, result: { sites: [] } });
    const client = createApiClient({ bridge });
    expect(client.transport).toBe('ipc');
    await expect(client.call('sites.list', {})).resolves.toEqual({ sites: [] });
    expect(bridge.call).toHaveBeenCalledWith('sites.list', {});
  });

  it('turns error results into ApiError and reports 401', async () => {
    const onUnauthenticated = vi.fn();
    const bridge = bridgeAnswering({ ok: false, error: { code: 'unauthenticated', message: 'Sign in again.' } });
    const client = createApiClient({ bridge, onUnauthenticated });
    expect((await rejection(client.call('auth.me', {}))).code).toBe('unauthenticated');
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('says media is not available in the desktop app yet instead of failing obscurely', async () => {
    const client = createApiClient({ bridge: bridgeAnswering({ ok: true, result: null }) });
    const err = await rejection(client.readMedia('a'.repeat(64)));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/not available in the desktop app yet/);
  });

  it('subscribes through the bridge', () => {
    const bridge = bridgeAnswering({ ok: true, result: null });
    const client = createApiClient({ bridge });
    const listener = vi.fn();
    client.subscribe('sites.changed', listener);
    expect(bridge.subscribe).toHaveBeenCalledWith('sites.changed', listener);
  });
});
