import type { PostgresConfig } from './postgres-config.js';
import { describeTarget } from './postgres-config.js';

/**
 * A PostgreSQL or network failure as a sentence the user can act on, naming the config field
 * to check. The password (and a connection string that could hold one) is never part of it.
 */
export function describePgError(err: unknown, config: PostgresConfig): string {
  const e = err as { code?: string; message?: string };
  const target = describeTarget(config);
  const detail = redact(e.message ?? String(err), config);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to PostgreSQL at ${target}: connection refused. Is the server running, and are config.host and config.port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the PostgreSQL host of ${target}; check config.host.`;
    case 'ETIMEDOUT':
      return `Connecting to PostgreSQL at ${target} timed out; check config.host, config.port and the firewall.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${target} refused the credentials (${detail}); check config.user and config.password.`;
    case '3D000':
      return `PostgreSQL at ${target}: ${detail}; check config.database.`;
    case '42P01':
    case '42703':
    case '42601':
    case '42883':
      return `The query failed on ${target}: ${detail}; check config.query.`;
    case '42501':
      return `The query was refused on ${target}: ${detail}; grant SELECT to config.user.`;
    case '57014':
      return `The query ran longer than config.statementTimeoutMs = ${config.statementTimeoutMs} ms and was cancelled.`;
    case '25006':
      return `The query tried to write (${detail}); config.query may only read.`;
    default:
      return `PostgreSQL at ${target}: ${detail}`;
  }
}

function redact(message: string, config: PostgresConfig): string {
  let out = message;
  const secrets = [config.password, config.connectionString, passwordOf(config.connectionString)];
  for (const secret of secrets) if (secret) out = out.split(secret).join('********');
  return out;
}

function passwordOf(connectionString: string | undefined): string | undefined {
  if (!connectionString) return undefined;
  try {
    return decodeURIComponent(new URL(connectionString).password) || undefined;
  } catch {
    return undefined;
  }
}
