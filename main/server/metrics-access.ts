import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { OutpostError } from '../contract/index.js';
import { bearerToken } from './bearer.js';

/** Headers a reverse proxy adds: a request that carries one came from further away than its socket says. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^::ffff:/i, '');
  return bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Who may read `/metrics` (process details, request counts by route): a scraper on this machine
 * (the socket's own address is loopback, and no proxy forwarded the request, since a proxy on the
 * same box would make every client look local), or anyone presenting `server.metricsToken` as a
 * bearer token when one is set. A local Prometheus works with no setting; a remote one needs the
 * token (Prometheus' `authorization: {credentials: …}`).
 */
export function metricsAccess(token: string): (request: FastifyRequest) => void {
  const expected = token === '' ? undefined : digest(token);
  return (request) => {
    const presented = bearerToken(request.headers.authorization);
    if (expected && presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
    const proxied = FORWARDED.some((name) => request.headers[name] !== undefined);
    if (!proxied && isLoopback(request.socket.remoteAddress)) return;
    throw new OutpostError(
      'forbidden',
      expected
        ? '/metrics needs the metrics token (Authorization: Bearer <server.metricsToken>) from other machines.'
        : '/metrics answers only on this machine. To scrape it from elsewhere, set server.metricsToken and send it as a bearer token.',
    );
  };
}
