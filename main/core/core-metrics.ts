import { Histogram, Registry } from 'prom-client';
import type { StatementTimingHooks } from '../store/index.js';
import type { Logger } from './logger.js';

/** Statements slower than this are logged as a warning, with their name. */
export const SLOW_STATEMENT_MS = 50;

/**
 * The Core's own Prometheus metrics, on a registry of its own (the server adds it to /metrics):
 * the run time of every SQL statement, by statement name (`sqlite_statement_duration_seconds`).
 */
export function createCoreMetrics(logger: Logger): { registry: Registry; statementTiming: StatementTimingHooks } {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'sqlite_statement_duration_seconds',
    help: 'Time to run SQL statements, by statement name (<repository>.<verb>_<table>).',
    labelNames: ['statement'] as const,
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  const log = logger.child({ module: 'store' });
  return {
    registry,
    statementTiming: {
      observe(name) {
        // One child per statement, looked up once: an observation is then a few additions.
        const child = duration.labels(name);
        return (seconds) => child.observe(seconds);
      },
      slowMs: SLOW_STATEMENT_MS,
      slow: (statement, ms, sql) =>
        log.warn(
          { statement, ms: Math.round(ms), sql: sql.replace(/\s+/g, ' ').trim().slice(0, 300) },
          `Slow SQL statement ${statement}: ${Math.round(ms)} ms`,
        ),
    },
  };
}
