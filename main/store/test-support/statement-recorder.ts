import type { Database } from '../../../native/sqlite/index.js';

export interface RecordedRun {
  sql: string;
  args: unknown[];
}

/**
 * The connection, recording every statement run through it with its arguments, so a test can ask
 * SQLite how it planned exactly what a repository ran (EXPLAIN QUERY PLAN with the same values).
 */
export function recordStatements(db: Database): { db: Database; runs: RecordedRun[] } {
  const runs: RecordedRun[] = [];
  const recorded = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql) as unknown as Record<string, (...args: unknown[]) => unknown>;
          for (const method of ['run', 'get', 'all', 'iterate']) {
            const original = statement[method]!.bind(statement);
            statement[method] = (...args: unknown[]) => {
              runs.push({ sql, args });
              return original(...args);
            };
          }
          return statement;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: recorded, runs };
}

/** SQLite's plan of a recorded run: one line per step ("SEARCH e USING INDEX events_site_time (…)"). */
export function queryPlan(db: Database, run: RecordedRun): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${run.sql}`).all(...run.args) as { detail: string }[]).map((r) => r.detail);
}
