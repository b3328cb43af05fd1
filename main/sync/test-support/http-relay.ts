import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/*
 * An HTTP relay between a site and its hub that works on whole requests (the TCP relay beside it cuts
 * bytes): it records every request's size, can refuse everything (a partition), deliver every request
 * twice and out of order, and lets a test act at the moment a request has reached the hub (to
 * SIGKILL a process mid-batch).
 */

export type RelayMode = 'pass' | 'duplicate' | 'partition';

export interface RelayedRequest {
  path: string;
  /** Bytes of the body as sent (compressed when it was). */
  wireBytes: number;
  /** Bytes of the body once decompressed. */
  bodyBytes: number;
}

interface Held {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRelay {
  url: string;
  mode: RelayMode;
  /** Every request the site sent (including refused ones), in arrival order. */
  readonly requests: RelayedRequest[];
  /** Called once a request's body has been handed to the hub, before its answer (to kill a process mid-request). */
  onSent: ((path: string) => void) | null;
  /** The next this many requests reach the hub, but their answers are lost (the connection drops). */
  dropAnswers: number;
  /** How many requests (the site's and the replays) reached the hub. */
  readonly delivered: number;
  retarget(url: string): void;
  /** Delivers the copy still held back (duplicate mode), so every request went twice. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A small seeded generator (mulberry32): the duplicate mode's choices replay with the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startHttpRelay(target: string, seed = 1): Promise<HttpRelay> {
  let upstream = new URL(target);
  const random = seeded(seed);
  const requests: RelayedRequest[] = [];
  let held: Held | null = null;
  let delivered = 0;

  const forward = (item: Held, notify: boolean) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const headers = { ...item.headers, host: upstream.host, 'content-length': String(item.body.length) };
      delete headers.connection;
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: 'POST', path: item.path, headers },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(parts) }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(item.body, () => {
        delivered += 1;
        if (notify) relay.onSent?.(item.path);
      });
    });

  const replay = (item: Held) => forward(item, false).catch(() => undefined);

  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const gzipped = req.headers['content-encoding'] === 'gzip';
      let bodyBytes = body.length;
      try {
        if (gzipped) bodyBytes = gunzipSync(body).length;
      } catch {
        // A broken body is the hub's to refuse; its wire size is still recorded.
      }
      requests.push({ path: req.url ?? '', wireBytes: body.length, bodyBytes });
      if (relay.mode === 'partition') {
        req.socket.destroy();
        return;
      }
      const item: Held = { path: req.url ?? '/', headers: req.headers, body };
      void (async () => {
        try {
          let answer;
          if (relay.mode === 'duplicate' && random() < 0.5) {
            // Both copies at once: the hub sees the same request twice, racing.
            [answer] = await Promise.all([forward(item, true), replay(item)]);
          } else {
            answer = await forward(item, true);
            if (relay.mode === 'duplicate') {
              // The copy of the previous request arrives after this one: out of order.
              const previous = held;
              held = item;
              if (previous) await replay(previous);
            }
          }
          if (relay.dropAnswers > 0) {
            relay.dropAnswers -= 1;
            res.socket?.destroy();
            return;
          }
          res.writeHead(answer.status, answer.headers).end(answer.body);
        } catch {
          res.socket?.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const relay: HttpRelay = {
    url: `http://127.0.0.1:${port}`,
    mode: 'pass',
    requests,
    onSent: null,
    dropAnswers: 0,
    get delivered() {
      return delivered;
    },
    retarget(url) {
      upstream = new URL(url);
    },
    async flush() {
      const previous = held;
      held = null;
      if (previous) await replay(previous);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return relay;
}
