import { describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';
import { statementName, timeBatch, timeStatements, type StatementTimingHooks } from './statement-timing.js';

function recorder(slowMs: number) {
  const runs: { name: string; seconds: number }[] = [];
  const slow: { name: string; ms: number; sql: string }[] = [];
  const hooks: StatementTimingHooks = {
    observe: (name) => (seconds) => runs.push({ name, seconds }),
    slow: (name, ms, sql) => slow.push({ name, ms, sql }),
    slowMs,
  };
  return { runs, slow, hooks };
}

describe('timeStatements', () => {
  it('names every statement by repository, verb and table, and reports each run', () => {
    const { runs, hooks } = recorder(10_000);
    const db = timeStatements(openDatabase(':memory:'), 'events', hooks);
    try {
      db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, message TEXT)');
      const insert = db.prepare('INSERT INTO events (message) VALUES (?)');
      insert.run('one');
      insert.run('two');
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
      expect(db.prepare('SELECT message FROM events ORDER BY id').all()).toHaveLength(2);
      expect([...db.prepare('SELECT id FROM events').iterate()]).toHaveLength(2);
      // Other calls reach the same connection untouched.
      expect(db.transaction(() => insert.run('three').changes)()).toBe(1);
      expect(runs.map((r) => r.name)).toEqual([
        'events.insert_events',
        'events.insert_events',
        'events.select_events',
        'events.select_events',
        'events.select_events',
        'events.insert_events',
      ]);
      expect(runs.every((r) => r.seconds >= 0 && r.seconds < 10)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('reports a statement slower than the limit, with its name and text, and still its error', () => {
    const { slow, runs, hooks } = recorder(0);
    const db = timeStatements(openDatabase(':memory:'), 'search', hooks);
    try {
      const heavy =
        'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT sum(i) FROM n';
      expect(db.prepare(heavy).pluck().get()).toBe(20000100000);
      expect(slow[0]).toMatchObject({ name: 'search.with_n', sql: heavy });
      expect(() => db.prepare('SELECT * FROM missing_table')).toThrow(/no such table/);
      const failing = db.prepare('SELECT json(?)');
      expect(() => failing.get('{not json')).toThrow();
      expect(runs.at(-1)?.name).toBe('search.select');
    } finally {
      db.close();
    }
  });
});

describe('statementName', () => {
  it('keeps values out of the name and reads the table after FROM, INTO, UPDATE or JOIN', () => {
    expect(statementName('groups', "UPDATE groups SET tags = 'x' WHERE id = ?")).toBe('groups.update_groups');
    expect(statementName('audit', '  -- a comment\n DELETE FROM audit_log WHERE at < ?')).toBe(
      'audit.delete_audit_log',
    );
    expect(statementName('x', 'PRAGMA user_version')).toBe('x.pragma');
  });

  it('times a batch once under its own name while its per-row statements run untimed', () => {
    const { runs, slow, hooks } = recorder(10_000);
    const db = timeStatements(openDatabase(':memory:'), 'events', hooks);
    try {
      db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, message TEXT)');
      const { untimed, time } = timeBatch(db, 'insert_batch');
      const insert = untimed.prepare<[string]>('INSERT INTO events (message) VALUES (?)');
      const count = db.prepare('SELECT count(*) FROM events').pluck();
      const write = time(
        untimed.transaction((messages: string[]) => {
          for (const m of messages) insert.run(m);
          return count.get();
        }),
      );
      expect(write(['a', 'b', 'c'])).toBe(3);
      expect(write(['d'])).toBe(4);
      expect(runs.map((r) => r.name)).toEqual([
        'events.select_events',
        'events.insert_batch',
        'events.select_events',
        'events.insert_batch',
      ]);
      // A failing batch is still timed, and its error reaches the caller.
      const failing = time(() => untimed.prepare('SELECT json(?)').get('{not json'));
      expect(() => failing()).toThrow();
      expect(runs.at(-1)?.name).toBe('events.insert_batch');
      expect(slow).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('leaves an untimed connection and its batches as they are', () => {
    const db = openDatabase(':memory:');
    try {
      const fn = () => 1;
      const { untimed, time } = timeBatch(db, 'insert_batch');
      expect(untimed).toBe(db);
      expect(time(fn)).toBe(fn);
    } finally {
      db.close();
    }
  });
});
