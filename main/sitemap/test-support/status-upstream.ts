import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP status API on 127.0.0.1 (a free port picked by the OS) standing in for a customer's
 * upstream: it records every request and answers with whatever handler the test sets.
 */
export interface StatusUpstream {
  /** http://127.0.0.1:<port>/api/status */
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** Every request from now on is answered by `handler`. */
  answer(handler: UpstreamHandler): void;
  close(): Promise<void>;
}

export function json(body: unknown, status = 200): UpstreamHandler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

/** Answers with the next handler of the list each time; the last one repeats. */
export function sequence(...handlers: UpstreamHandler[]): UpstreamHandler {
  let next = 0;
  return (req, res) => handlers[Math.min(next++, handlers.length - 1)]!(req, res);
}

/** Never answers (until the server closes). */
export const hang: UpstreamHandler = () => undefined;

export async function startStatusUpstream(): Promise<StatusUpstream> {
  let handler: UpstreamHandler = json({ items: [] });
  const requests: StatusUpstream['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/status`,
    requests,
    answer(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests would keep close() waiting.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
