import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalStatusConfigSchema, type ExternalStatusConfig } from '../contract/index.js';
import { createOutboundGuard } from '../outbound/index.js';
import { StatusFetchError, fetchStatusJson } from './external-fetch.js';
import { createExternalStatusSource, type ExternalPolicy } from './external-source.js';
import { hang, json, sequence, startStatusUpstream, type StatusUpstream } from './test-support/status-upstream.js';

const SECRET = 'top-secret-key-123';
const FAST: ExternalPolicy = {
  attempts: 3,
  initialDelayMs: 5,
  maxDelayMs: 20,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
};

// The upstreams of these tests listen on loopback, which the guard refuses unless allowed.
const guard = createOutboundGuard({ allow: ['127.0.0.0/8'] });
const fetch = guard.fetch;
afterAll(() => guard.close());

let upstream: StatusUpstream;
beforeEach(async () => {
  upstream = await startStatusUpstream();
});
afterEach(async () => {
  await upstream.close();
});

function configFor(extra: Partial<ExternalStatusConfig> = {}): ExternalStatusConfig {
  return ExternalStatusConfigSchema.parse({
    url: upstream.url,
    authHeader: { name: 'X-Api-Key', value: SECRET },
    listPath: '$.data.devices',
    idField: 'id',
    statusField: 'state',
    ...extra,
  });
}

const body = {
  data: {
    devices: [
      { id: 'door-1', state: 'OK' },
      { id: 'door-2', state: 'FORCED' },
    ],
  },
};

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('external status source', () => {
  it('reads the items with the auth header sent', async () => {
    upstream.answer(json(body));
    const read = await createExternalStatusSource(configFor(), fetch, FAST).read();
    expect(read).toEqual({
      items: [
        { externalId: 'door-1', rawStatus: 'OK' },
        { externalId: 'door-2', rawStatus: 'FORCED' },
      ],
      problems: [],
    });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.headers['x-api-key']).toBe(SECRET);
    expect(upstream.requests[0]!.headers.accept).toBe('application/json');
  });

  it('gives up after the timeout, saying so without the secret', async () => {
    upstream.answer(hang);
    const err = await failure(fetchStatusJson(configFor({ timeoutMs: 150 }), { fetch }));
    expect(err).toBeInstanceOf(StatusFetchError);
    expect((err as StatusFetchError).retryable).toBe(true);
    expect(err.message).toMatch(/did not answer within 150 ms.*raise the timeout/);
    expect(err.message).not.toContain(SECRET);
  });

  it('retries a 500 and answers from the next attempt', async () => {
    upstream.answer(sequence(json({ error: 'db down' }, 500), json(body)));
    const read = await createExternalStatusSource(configFor(), fetch, FAST).read();
    expect(read.items).toHaveLength(2);
    expect(upstream.requests).toHaveLength(2);
  });

  it('does not retry what asking again cannot fix (401, a web page)', async () => {
    upstream.answer(json({ error: 'no' }, 401));
    const source = createExternalStatusSource(configFor(), fetch, FAST);
    const refused = await failure(source.read());
    expect(refused.message).toMatch(/HTTP 401.*Check the auth header/);
    expect(refused.message).not.toContain(SECRET);
    expect(upstream.requests).toHaveLength(1);

    upstream.answer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Sign in</html>');
    });
    const page = await failure(source.read());
    expect(page.message).toMatch(/not with JSON \(text\/html\).*Check the URL/);
    expect(upstream.requests).toHaveLength(2);
  });

  it('names the status code, and points at the list path when the list is missing', async () => {
    upstream.answer(json({ error: 'gone' }, 404));
    expect((await failure(fetchStatusJson(configFor(), { fetch }))).message).toMatch(/HTTP 404.*path in the URL/);
    upstream.answer(json({ data: {} }));
    const err = await failure(createExternalStatusSource(configFor(), fetch, FAST).read());
    expect(err.message).toMatch(/no list at "\$\.data\.devices".*Check the list path/);
  });

  it('opens the breaker after 5 failed reads and stops asking, then probes after the cooldown', async () => {
    upstream.answer(json({ error: 'overloaded' }, 503));
    const source = createExternalStatusSource(configFor(), fetch, { ...FAST, breakerCooldownMs: 300 });
    for (let i = 0; i < 5; i++) expect((await failure(source.read())).message).toMatch(/HTTP 503/);
    // Each read made its three attempts.
    expect(upstream.requests).toHaveLength(15);
    expect(source.breakerState()).toBe('open');

    const paused = await failure(source.read());
    expect(paused.message).toMatch(/failed 5 times in a row.*waits 0 s.*Last error: .*HTTP 503/);
    expect(upstream.requests).toHaveLength(15);

    // After the cooldown one probe goes through; its success closes the breaker.
    upstream.answer(json(body));
    let items = 0;
    while (items === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      items = await source.read().then(
        (r) => r.items.length,
        () => 0,
      );
    }
    expect(items).toBe(2);
    expect(upstream.requests).toHaveLength(16);
    expect(source.breakerState()).toBe('closed');
  });

  it('refuses credentials in the URL without repeating them', async () => {
    const url = upstream.url.replace('http://', 'http://admin:hunter2@');
    const err = await failure(fetchStatusJson(configFor({ url }), { fetch }));
    expect(err.message).toMatch(/user name or password.*auth header/);
    expect(err.message).not.toContain('hunter2');
    expect(upstream.requests).toHaveLength(0);
  });

  it('explains a refused connection', async () => {
    const url = upstream.url;
    await upstream.close();
    const err = await failure(fetchStatusJson(configFor({ url }), { fetch }));
    expect(err.message).toMatch(/Could not reach the status API at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    upstream = await startStatusUpstream();
  });

  it('tells non-admins the same thing whatever the port is (closed, not HTTP, not JSON, silent, HTTP error)', async () => {
    // A port that accepts and talks, but not HTTP (an SSH banner, say).
    const sockets = new Set<Socket>();
    const raw = createTcpServer((socket) => {
      sockets.add(socket);
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawPort = (raw.address() as AddressInfo).port;
    const closed = await startStatusUpstream();
    const closedUrl = closed.url;
    await closed.close();
    try {
      const asks: [what: string, url: string, handler: Parameters<StatusUpstream['answer']>[0]][] = [
        ['closed', closedUrl, json(body)],
        ['not HTTP', `http://127.0.0.1:${rawPort}/api/status`, json(body)],
        [
          'not JSON',
          upstream.url,
          (_req, res) => {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end('<html>router login</html>');
          },
        ],
        ['silent', upstream.url, hang],
        ['HTTP 404', upstream.url, json({ error: 'no' }, 404)],
      ];
      const detailed = new Set<string>();
      const shown = new Set<string>();
      for (const [what, url, handler] of asks) {
        upstream.answer(handler);
        const err = await failure(fetchStatusJson(configFor({ url, timeoutMs: 300 }), { fetch }));
        expect(err, what).toBeInstanceOf(StatusFetchError);
        detailed.add(err.message);
        shown.add((err as StatusFetchError).publicMessage.replace(/127\.0\.0\.1:\d+/u, 'HOST'));
      }
      // Admins and the log learn five different things; everyone else one.
      expect(detailed.size).toBe(5);
      expect([...shown]).toEqual([
        'The status API at HOST gave no usable answer. Check the URL, the auth header and that the address answers JSON; an admin sees the exact reason with Test, and in the server log.',
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('is refused by the outbound guard without a request, saying how an admin can allow it', async () => {
    const strict = createOutboundGuard();
    try {
      const err = (await failure(
        fetchStatusJson(configFor({ url: upstream.url.replace('127.0.0.1', '0x7f000001') }), { fetch: strict.fetch }),
      )) as StatusFetchError;
      expect(err.retryable).toBe(false);
      expect(err.publicMessage).toMatch(/may not reach 127\.0\.0\.1: it is a loopback address.*--allow-outbound/u);
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});
