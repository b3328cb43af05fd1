import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Config } from './config.js';

export type Logger = PinoLogger;

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'set-cookie',
  'secret',
  'privateKey',
  'apiKey',
  // A status integration's auth header ({name, value}).
  'authHeader',
  // Source settings that can carry a password inside them (postgres://user:pw@…, password=…).
  'connectionString',
] as const;

/**
 * pino's redaction has no recursive wildcard, so every key is listed at each depth up to this one.
 * Log objects in Outpost are shallow (a request's headers sit at depth 2).
 */
export const REDACT_DEPTH = 8;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    const leaf = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    for (let depth = 0; depth < REDACT_DEPTH; depth++) {
      const prefix = '*.'.repeat(depth);
      paths.push(leaf.startsWith('[') ? `${prefix.slice(0, -1)}${leaf}` : `${prefix}${leaf}`);
    }
  }
  return paths;
}

/** JSON logs with secrets redacted. `destination` exists for tests; by default logs go to stdout. */
export function createLogger(config: Pick<Config, 'log'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.log.level,
    base: { app: 'outpost' },
    redact: { paths: redactPaths(), censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
