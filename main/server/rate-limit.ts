import type { FastifyInstance } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { bearerToken, unverifiedSubject } from './bearer.js';
import { TokenBuckets } from './token-bucket.js';

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/** The unauthenticated site-map endpoints read by wall boards and web embeds. */
export const PUBLIC_PATH_PREFIX = '/api/public/';

const tooMany = (retryAfterSeconds: number) =>
  new OutpostError(
    'rate_limited',
    `Too many requests. Wait ${retryAfterSeconds} s and retry, or slow down the client.`,
    {
      retryAfterSeconds,
    },
  );

/**
 * One bucket per (user, address) for everything under /api. Health, readiness and metrics stay
 * unlimited so probes and scrapers never get locked out by a busy client. The public site-map
 * endpoints have separate, larger buckets keyed by address alone (`rateLimit.publicBurst`,
 * `publicRefillPerSecond`): a fleet of wall boards behind one NAT must not be throttled at normal
 * polling, and must not spend the tokens of the people using the app from that same address.
 */
export function registerRateLimit(app: FastifyInstance, config: Core['config']['rateLimit']): void {
  const buckets = new TokenBuckets({ burst: config.burst, refillPerSecond: config.refillPerSecond });
  const publicBuckets = new TokenBuckets({ burst: config.publicBurst, refillPerSecond: config.publicRefillPerSecond });
  app.addHook('onRequest', async (request) => {
    // Webhook ingest has its own bucket per source (ingest-route.ts); devices share no user identity.
    if (!isApiPath(request.url) || request.url.startsWith('/api/ingest/')) return;
    if (request.url.startsWith(PUBLIC_PATH_PREFIX)) {
      const taken = publicBuckets.take(request.ip);
      if (!taken.allowed) throw tooMany(taken.retryAfterSeconds);
      return;
    }
    const user = unverifiedSubject(bearerToken(request.headers.authorization)) ?? 'anonymous';
    const taken = buckets.take(`${user}\u0000${request.ip}`);
    if (!taken.allowed) throw tooMany(taken.retryAfterSeconds);
  });
}
