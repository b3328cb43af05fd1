import pg from 'pg';
import type { RawEvent } from '../../event-types.js';
import type { SourceAdapter, SourceContext } from '../source-types.js';
import { PostgresConfigSchema, describeTarget, initialCursorOf, type PostgresConfig } from './postgres-config.js';
import { describePgError } from './postgres-errors.js';
import { rowToEvent } from './row-mapping.js';

const TIMESTAMP_OIDS = new Set([1114, 1184]); // timestamp, timestamptz

/**
 * Timestamps stay PostgreSQL's text: a JS Date would drop microseconds, and a truncated
 * timestamp cursor would read the same row again on every poll.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    TIMESTAMP_OIDS.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function newClient(config: PostgresConfig): pg.Client {
  return new pg.Client({
    ...(config.connectionString
      ? { connectionString: config.connectionString }
      : {
          host: config.host,
          port: config.port,
          user: config.user,
          password: config.password,
          database: config.database,
        }),
    statement_timeout: config.statementTimeoutMs,
    // Client-side bound too, for a server that stops answering altogether.
    query_timeout: config.statementTimeoutMs + 5000,
    connectionTimeoutMillis: 10_000,
    application_name: 'outpost',
    types,
  });
}

/**
 * Reads one batch in a READ ONLY transaction. A connection per poll: polls are seconds apart,
 * the session settings are fresh each time, and an abandoned poll's connection is simply closed.
 */
async function readBatch(config: PostgresConfig, cursor: string, limit: number, signal?: AbortSignal) {
  const client = newClient(config);
  client.on('error', () => undefined); // a dropped connection surfaces as the query's rejection
  const abort = (): void => void client.end().catch(() => undefined);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
    const result = await client.query<Record<string, unknown>>({ text: config.query, values: [cursor, limit] });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    throw new Error(describePgError(err, config), { cause: err });
  } finally {
    signal?.removeEventListener('abort', abort);
    await client.end().catch(() => undefined);
  }
}

function checkColumns(fields: { name: string }[], config: PostgresConfig): void {
  const names = new Set(fields.map((f) => f.name));
  const wanted = {
    cursorColumn: config.cursorColumn,
    messageColumn: config.messageColumn,
    severityColumn: config.severityColumn,
    deviceColumn: config.deviceColumn,
    timeColumn: config.timeColumn,
    externalIdColumn: config.externalIdColumn,
  };
  for (const [field, column] of Object.entries(wanted)) {
    if (column !== undefined && !names.has(column)) {
      throw new Error(
        `config.${field} "${column}" is not a column of the query's result (it returns: ${[...names].join(', ')}).`,
      );
    }
  }
}

async function poll(ctx: SourceContext<PostgresConfig>, budget: number): Promise<{ count: number; more: boolean }> {
  const { config } = ctx;
  const limit = Math.max(1, Math.min(config.rowBudget, budget));
  const cursor = ctx.checkpoint.load() ?? initialCursorOf(config);
  const result = await readBatch(config, cursor, limit, ctx.signal);
  checkColumns(result.fields, config);
  const events: RawEvent[] = [];
  let last = cursor;
  for (const row of result.rows) {
    const mapped = rowToEvent(row, config);
    if (mapped.ok) events.push(mapped.event);
    else ctx.reject(mapped.reason);
    last = mapped.cursor;
  }
  // Abandoned (timeout or stop): the next poll reads the batch again rather than race this one.
  if (ctx.signal.aborted) throw new Error('The poll was abandoned before its rows were stored.');
  if (events.length > 0) await ctx.sink.ingest(ctx.scope, ctx.sourceId, events);
  // Only after the sink has committed: a crash before this line re-reads the batch (externalId dedupes).
  if (result.rows.length > 0) ctx.checkpoint.save(last);
  return { count: result.rows.length, more: result.rows.length >= limit };
}

export const postgresAdapter: SourceAdapter<PostgresConfig> = {
  kind: 'postgres',
  configSchema: PostgresConfigSchema,
  poll,
  pollIntervalMs: (config) => config.pollIntervalMs,
  async test(config) {
    try {
      const result = await readBatch(config, initialCursorOf(config), 1);
      checkColumns(result.fields, config);
      const columns = result.fields.map((f) => f.name).join(', ');
      return { ok: true, message: `Connected to ${describeTarget(config)}; the query returns ${columns}.` };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  },
};
