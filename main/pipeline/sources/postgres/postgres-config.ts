import { z } from 'zod';
import { checkSelectQuery } from './query-guard.js';

const column = z.string().trim().min(1, 'is required').max(63, 'must be at most 63 characters');

export const PostgresConfigSchema = z
  .object({
    connectionString: z.string().trim().min(1).optional(),
    host: z.string().trim().min(1).optional(),
    port: z.number().int().min(1).max(65535).default(5432),
    user: z.string().optional(),
    password: z.string().optional(),
    database: z.string().optional(),
    /** A SELECT with `$1` = cursor and `$2` = row limit, ordered by the cursor column. */
    query: z.string().superRefine((query, ctx) => {
      const problem = checkSelectQuery(query);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    cursorColumn: column,
    cursorType: z.enum(['id', 'timestamp']).default('id'),
    initialCursor: z.union([z.string().min(1), z.number()]).optional(),
    messageColumn: column,
    severityColumn: column.optional(),
    deviceColumn: column.optional(),
    timeColumn: column.optional(),
    externalIdColumn: column.optional(),
    pollIntervalMs: z.number().int().min(100, 'must be at least 100 ms').default(5000),
    rowBudget: z.number().int().min(1).max(100_000).default(500),
    statementTimeoutMs: z.number().int().min(100).max(600_000).default(5000),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!config.connectionString && !config.host) {
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: 'give either connectionString or host (with port, user, password, database)',
      });
    }
  });
export type PostgresConfig = z.infer<typeof PostgresConfigSchema>;

export function initialCursorOf(config: PostgresConfig): string {
  if (config.initialCursor !== undefined) return String(config.initialCursor);
  return config.cursorType === 'id' ? '0' : '1970-01-01T00:00:00Z';
}

/** Where it connects, for messages: never the password or the connection string itself. */
export function describeTarget(config: PostgresConfig): string {
  if (config.connectionString) {
    try {
      const url = new URL(config.connectionString);
      return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
    } catch {
      return 'the configured connectionString';
    }
  }
  return `${config.host}:${config.port}${config.database ? `/${config.database}` : ''}`;
}
