import { performance } from 'node:perf_hooks';
import type { Database, Statement } from './open-database.js';

/** How a connection's statements report their run times. The Core wires these to its metrics and log. */
export interface StatementTimingHooks {
  /** Called once per prepared statement; what it returns is called with every run's duration, in seconds. */
  observe(name: string): (seconds: number) => void;
  /** A run that took longer than `slowMs` (and the statement's text, for the log). */
  slow(name: string, ms: number, sql: string): void;
  slowMs: number;
}

const RUN_METHODS = ['run', 'get', 'all'] as const;

/** How a timed connection hands its untimed self and its hooks to `timeBatch`. */
const TIMING = Symbol('statement timing');

interface Timing {
  raw: Database;
  scope: string;
  hooks: StatementTimingHooks;
}

export interface BatchTiming {
  /** The same connection without per-statement timing, for the statements a batch runs per row. */
  untimed: Database;
  /** `fn`, each call timed as one run named `<scope>.<name>` (with `fn`'s error, if it throws). */
  time<F extends (...args: never[]) => unknown>(fn: F): F;
}

/**
 * For code that runs a statement per row of a batch: timing each run costs two clock reads and a
 * histogram observation per row (5.7 % of the pipeline's main thread in a profile), and thousands of
 * microsecond samples say less than one figure per batch. The per-row statements are prepared on
 * `untimed`, and the batch as a whole is timed under its own name. On an untimed connection both
 * are the identity.
 */
export function timeBatch(db: Database, name: string): BatchTiming {
  const timing = (db as unknown as { [TIMING]?: Timing })[TIMING];
  if (!timing) return { untimed: db, time: (fn) => fn };
  const label = `${timing.scope}.${name}`;
  const observe = timing.hooks.observe(label);
  return {
    untimed: timing.raw,
    time: <F extends (...args: never[]) => unknown>(fn: F): F =>
      ((...args: never[]) => {
        const started = performance.now();
        try {
          return fn(...args);
        } finally {
          const ms = performance.now() - started;
          observe(ms / 1000);
          if (ms > timing.hooks.slowMs) timing.hooks.slow(label, ms, `(batch) ${label}`);
        }
      }) as F,
  };
}

/**
 * A name for a statement that stays the same across runs and says what it touches, without any
 * value: `<scope>.<verb>_<table>` ("events.select_events", "groups.update_groups"). A statement
 * whose text has no recognisable table is named by its verb alone.
 */
export function statementName(scope: string, sql: string): string {
  const text = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const verb = /^\w+/.exec(text)?.[0].toLowerCase() ?? 'sql';
  const table = /\b(?:FROM|INTO|UPDATE|JOIN)\s+["`]?(\w+)/i.exec(text)?.[1] ?? '';
  return `${scope}.${verb}${table ? `_${table.toLowerCase()}` : ''}`;
}

/**
 * Times every run of every statement prepared through the returned connection: `run`, `get` and
 * `all` directly, `iterate` over the whole iteration. It is the same connection (a view over it,
 * not a copy), and the statements are better-sqlite3's own with those methods wrapped, so callers
 * see no difference. Hand-written because better-sqlite3 has no statement hooks; the cost is two
 * clock reads and one histogram observation per run.
 */
export function timeStatements(db: Database, scope: string, hooks: StatementTimingHooks): Database {
  const wrap = (statement: Statement, sql: string): Statement => {
    const name = statementName(scope, sql);
    const observe = hooks.observe(name);
    const record = (started: number) => {
      const ms = performance.now() - started;
      observe(ms / 1000);
      if (ms > hooks.slowMs) hooks.slow(name, ms, sql);
    };
    const target = statement as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of RUN_METHODS) {
      const original = target[method]!.bind(statement);
      target[method] = (...args: unknown[]) => {
        const started = performance.now();
        try {
          return original(...args);
        } finally {
          record(started);
        }
      };
    }
    const iterate = target.iterate!.bind(statement);
    target.iterate = (...args: unknown[]) => timedIterator(iterate(...args) as IterableIterator<unknown>, record);
    return statement;
  };
  const timing: Timing = { raw: db, scope, hooks };
  return new Proxy(db, {
    get(target, property) {
      if (property === TIMING) return timing;
      if (property === 'prepare') {
        return (sql: string) => wrap(target.prepare(sql), sql);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The iterator, timed from the first row asked for to the last (or to `return`). */
function timedIterator<T>(inner: IterableIterator<T>, record: (started: number) => void): IterableIterator<T> {
  let elapsed = 0;
  let done = false;
  // Only the time spent inside the iterator counts, not the caller's work between rows.
  const finish = () => {
    if (done) return;
    done = true;
    record(performance.now() - elapsed);
  };
  const step = <R>(fn: () => IteratorResult<T, R>): IteratorResult<T, R> => {
    const started = performance.now();
    try {
      const result = fn();
      elapsed += performance.now() - started;
      if (result.done) finish();
      return result;
    } catch (err) {
      elapsed += performance.now() - started;
      finish();
      throw err;
    }
  };
  return {
    next: () => step(() => inner.next()),
    return: (value?: unknown) => step(() => inner.return?.(value) ?? { done: true, value: undefined }) as never,
    [Symbol.iterator]() {
      return this;
    },
  };
}
