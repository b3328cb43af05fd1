import type { FastifyInstance } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { bearerToken, unverifiedSubject } from './bearer.js';
import { TokenBuckets } from './token-bucket.js';

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/**
 * One bucket per (user, address) for everything under /api. Health, readiness and metrics stay
 * unlimited so probes and scrapers never get locked out by a busy client.
 */
export function registerRateLimit(app: FastifyInstance, config: Core['config']['rateLimit']): void {
  const buckets = new TokenBuckets({ burst: config.burst, refillPerSecond: config.refillPerSecond });
  app.addHook('onRequest', async (request) => {
    // Webhook ingest has its own bucket per source (ingest-route.ts); devices share no user identity.
    if (!isApiPath(request.url) || request.url.startsWith('/api/ingest/')) return;
    const user = unverifiedSubject(bearerToken(request.headers.authorization)) ?? 'anonymous';
    const taken = buckets.take(`${user}\u0000${request.ip}`);
    if (!taken.allowed) {
      throw new OutpostError(
        'rate_limited',
        `Too many requests. Wait ${taken.retryAfterSeconds} s and retry, or slow down the client.`,
        { retryAfterSeconds: taken.retryAfterSeconds },
      );
    }
  });
}
