import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MissReason } from './home-types.js';

export interface HomeMetrics {
  registry: Registry;
  hit(ageSeconds: number): void;
  miss(reason: MissReason): void;
  invalidated(): void;
  refreshed(count: number): void;
}

/**
 * The Home cache on /metrics: hits, misses by reason, the age of the answers served, how many Homes
 * are cached and the oldest one's age (read when Prometheus scrapes).
 */
export function createHomeMetrics(read: { entries(): number; oldestAgeSeconds(): number | null }): HomeMetrics {
  const registry = new Registry();
  const hits = new Counter({
    name: 'outpost_home_cache_hits_total',
    help: 'home.get answers served from the cache.',
    registers: [registry],
  });
  const misses = new Counter({
    name: 'outpost_home_cache_misses_total',
    help: 'home.get answers that had to be made (reason: cold, changed, expired, visit, role).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const served = new Histogram({
    name: 'outpost_home_cache_served_age_seconds',
    help: 'Age of the cached Home served by home.get (time since it was made).',
    buckets: [0.1, 0.5, 1, 5, 30, 60, 300, 900, 1800, 3600],
    registers: [registry],
  });
  const invalidations = new Counter({
    name: 'outpost_home_cache_invalidations_total',
    help: 'Changes that made cached Homes out of date.',
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'outpost_home_cache_refreshes_total',
    help: 'Cached Homes made again in the background after a change.',
    registers: [registry],
  });
  new Gauge({
    name: 'outpost_home_cache_entries',
    help: 'Users with a cached Home.',
    registers: [registry],
    collect() {
      this.set(read.entries());
    },
  });
  new Gauge({
    name: 'outpost_home_cache_oldest_age_seconds',
    help: 'Age of the oldest cached Home (0 when none is cached).',
    registers: [registry],
    collect() {
      this.set(read.oldestAgeSeconds() ?? 0);
    },
  });
  return {
    registry,
    hit(ageSeconds) {
      hits.inc();
      served.observe(ageSeconds);
    },
    miss: (reason) => misses.inc({ reason }),
    invalidated: () => invalidations.inc(),
    refreshed: (count) => refreshes.inc(count),
  };
}
