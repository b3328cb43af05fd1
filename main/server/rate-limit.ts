import type { FastifyInstance } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { bearerToken, unverifiedSubject } from './bearer.js';
import type { RateLimitRule } from './route-kit/index.js';
import { TokenBuckets } from './token-bucket.js';

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

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
 * unlimited so probes and scrapers never get locked out by a busy client. Slices name the prefixes
 * that differ (`rules`): public endpoints have separate, larger buckets keyed by address alone
 * (`rateLimit.publicBurst`, `publicRefillPerSecond`), since a fleet of wall boards behind one NAT
 * must not be throttled at normal polling, nor spend the tokens of the people using the app from
 * that same address; routes that limit themselves (`own`) are left alone.
 */
export function registerRateLimit(
  app: FastifyInstance,
  config: Core['config']['rateLimit'],
  rules: readonly RateLimitRule[] = [],
): void {
  const buckets = new TokenBuckets({ burst: config.burst, refillPerSecond: config.refillPerSecond });
  const publicBuckets = new TokenBuckets({ burst: config.publicBurst, refillPerSecond: config.publicRefillPerSecond });
  app.addHook('onRequest', async (request) => {
    if (!isApiPath(request.url)) return;
    const rule = rules.find((r) => request.url.startsWith(r.prefix));
    if (rule?.bucket === 'own') return;
    if (rule?.bucket === 'public') {
      const taken = publicBuckets.take(request.ip);
      if (!taken.allowed) throw tooMany(taken.retryAfterSeconds);
      return;
    }
    const user = unverifiedSubject(bearerToken(request.headers.authorization)) ?? 'anonymous';
    const taken = buckets.take(`${user}\u0000${request.ip}`);
    if (!taken.allowed) throw tooMany(taken.retryAfterSeconds);
  });
}
