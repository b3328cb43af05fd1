import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCoreMetrics, SLOW_STATEMENT_MS } from './core-metrics.js';
import { createLogger } from './logger.js';

describe('createCoreMetrics', () => {
  it('counts statement run times into a Prometheus histogram per statement', async () => {
    const { registry, statementTiming } = createCoreMetrics(createLogger({ log: { level: 'silent' } }));
    const list = statementTiming.observe('events.select_events');
    list(0.00004);
    list(0.0003);
    list(2);
    statementTiming.observe('groups.update_groups')(0.001);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE sqlite_statement_duration_seconds histogram');
    expect(text).toContain('sqlite_statement_duration_seconds_bucket{le="0.00005",statement="events.select_events"} 1');
    expect(text).toContain('sqlite_statement_duration_seconds_bucket{le="0.0005",statement="events.select_events"} 2');
    expect(text).toContain('sqlite_statement_duration_seconds_bucket{le="1",statement="events.select_events"} 2');
    expect(text).toContain('sqlite_statement_duration_seconds_bucket{le="+Inf",statement="events.select_events"} 3');
    expect(text).toContain('sqlite_statement_duration_seconds_count{statement="events.select_events"} 3');
    expect(text).toMatch(/sqlite_statement_duration_seconds_sum\{statement="events\.select_events"\} 2\.0003/);
    expect(text).toContain('sqlite_statement_duration_seconds_count{statement="groups.update_groups"} 1');
  });

  it('logs a warning naming a statement slower than 50 ms', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { statementTiming } = createCoreMetrics(createLogger({ log: { level: 'info' } }, sink));
    expect(statementTiming.slowMs).toBe(SLOW_STATEMENT_MS);
    statementTiming.slow('search.select_events', 73.4, 'SELECT *\n  FROM events WHERE tenant_id = ?');
    const logged = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(logged).toMatchObject({
      level: 40,
      statement: 'search.select_events',
      ms: 73,
      sql: 'SELECT * FROM events WHERE tenant_id = ?',
      msg: 'Slow SQL statement search.select_events: 73 ms',
    });
  });
});
