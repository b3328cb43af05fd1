import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from './event-stream.js';

/** A fetch whose SSE responses the test writes to by hand. */
function controllableFetch() {
  const requests: { url: string; init: RequestInit; push: (text: string) => void; close: () => void }[] = [];
  const fetchMock = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    const encoder = new TextEncoder();
    requests.push({
      url: String(url),
      init,
      push: (text) => controller.enqueue(encoder.encode(text)),
      close: () => controller.close(),
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  });
  return { fetch: fetchMock as unknown as typeof fetch, requests };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('EventStream', () => {
  it('opens one authenticated connection for all topics and delivers parsed payloads', async () => {
    const { fetch, requests } = controllableFetch();
    const stream = new EventStream({
      url: 'http://x/api/events',
      getToken: () => 'tok',
      onUnauthenticated: vi.fn(),
      fetch,
    });
    const sites = vi.fn();
    const users = vi.fn();
    stream.subscribe('sites.changed', sites);
    stream.subscribe('users.changed', users);
    await flush();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('http://x/api/events?topics=sites.changed,users.changed');
    expect((requests[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');

    requests[0]?.push(': heartbeat\n\nevent: sites.changed\ndata: {"siteId":"S","action":"created"}\n\n');
    requests[0]?.push('data: {"topic":"users.changed","payload":{"userId":"U"}}\n\n');
    await flush();
    expect(sites).toHaveBeenCalledWith({ siteId: 'S', action: 'created' });
    expect(users).toHaveBeenCalledWith({ userId: 'U' });
    stream.close();
  });

  it('reconnects with backoff when the stream ends', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = controllableFetch();
    const stream = new EventStream({
      url: 'http://x/api/events',
      getToken: () => 't',
      onUnauthenticated: vi.fn(),
      fetch,
    });
    stream.subscribe('sites.changed', vi.fn());
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    requests[0]?.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests).toHaveLength(2);
    stream.close();
  });

  it('stops and reports a 401 instead of retrying', async () => {
    const onUnauthenticated = vi.fn();
    const fetchMock = vi.fn(async () => new Response('{}', { status: 401 }));
    const stream = new EventStream({
      url: 'http://x/api/events',
      getToken: () => 'old',
      onUnauthenticated,
      fetch: fetchMock,
    });
    stream.subscribe('sites.changed', vi.fn());
    await flush();
    await flush();
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    stream.close();
  });

  it('reconnects with the new topic set and closes when the last listener leaves', async () => {
    const { fetch, requests } = controllableFetch();
    const stream = new EventStream({
      url: 'http://x/api/events',
      getToken: () => 't',
      onUnauthenticated: vi.fn(),
      fetch,
    });
    const offSites = stream.subscribe('sites.changed', vi.fn());
    await flush();
    const offUsers = stream.subscribe('users.changed', vi.fn());
    await flush();
    expect(requests.map((r) => r.url)).toEqual([
      'http://x/api/events?topics=sites.changed',
      'http://x/api/events?topics=sites.changed,users.changed',
    ]);
    expect(requests[0]?.init.signal?.aborted).toBe(true);
    // Both leaving in the same tick: one restart, which finds nothing left to listen to.
    offSites();
    offUsers();
    await flush();
    expect(requests).toHaveLength(2);
    expect(requests[1]?.init.signal?.aborted).toBe(true);
    expect(stream.topics).toEqual([]);
  });
});
