import { Registry } from 'prom-client';
import type { StatementTimingHooks } from '../store/index.js';
import type { Logger } from './logger.js';

/** Statements slower than this are logged as a warning, with their name. */
export const SLOW_STATEMENT_MS = 50;

const NAME = 'sqlite_statement_duration_seconds';
const HELP = 'Time to run SQL statements, by statement name (<repository>.<verb>_<table>).';
/** Upper bounds in seconds: most statements take tens of microseconds, a slow one tens of milliseconds. */
const BOUNDS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1];

interface Series {
  /** Runs per bucket (not cumulative); the last one is above every bound. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram of statement run times, one series per statement name. Counted here, not
 * with prom-client's Histogram: that one checks and hashes the labels on every observation (1–2 µs,
 * as long as a point query itself), and statements run several times per stored event. Here an
 * observation is a bucket search and three additions; prom-client formats the series when /metrics
 * is read.
 */
function statementHistogram(registry: Registry) {
  const series = new Map<string, Series>();
  registry.registerMetric({
    name: NAME,
    help: HELP,
    get: () => {
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      for (const [statement, s] of series) {
        let cumulative = 0;
        BOUNDS.forEach((le, i) => {
          cumulative += s.buckets[i]!;
          values.push({ labels: { le, statement }, value: cumulative, metricName: `${NAME}_bucket` });
        });
        values.push({ labels: { le: '+Inf', statement }, value: s.count, metricName: `${NAME}_bucket` });
        values.push({ labels: { statement }, value: s.sum, metricName: `${NAME}_sum` });
        values.push({ labels: { statement }, value: s.count, metricName: `${NAME}_count` });
      }
      return { name: NAME, help: HELP, type: 'histogram', values, aggregator: 'sum' };
    },
    reset: () => series.clear(),
  } as unknown as Parameters<Registry['registerMetric']>[0]);
  return (statement: string) => {
    let s = series.get(statement);
    if (!s) {
      s = { buckets: new Float64Array(BOUNDS.length + 1), sum: 0, count: 0 };
      series.set(statement, s);
    }
    const own = s;
    return (seconds: number) => {
      let i = 0;
      while (i < BOUNDS.length && seconds > BOUNDS[i]!) i++;
      own.buckets[i]! += 1;
      own.sum += seconds;
      own.count += 1;
    };
  };
}

/**
 * The Core's own Prometheus metrics, on a registry of its own (the server adds it to /metrics):
 * the run time of every SQL statement, by statement name (`sqlite_statement_duration_seconds`).
 */
export function createCoreMetrics(logger: Logger): { registry: Registry; statementTiming: StatementTimingHooks } {
  const registry = new Registry();
  const observe = statementHistogram(registry);
  const log = logger.child({ module: 'store' });
  return {
    registry,
    statementTiming: {
      observe,
      slowMs: SLOW_STATEMENT_MS,
      slow: (statement, ms, sql) =>
        log.warn(
          { statement, ms: Math.round(ms), sql: sql.replace(/\s+/g, ' ').trim().slice(0, 300) },
          `Slow SQL statement ${statement}: ${Math.round(ms)} ms`,
        ),
    },
  };
}
