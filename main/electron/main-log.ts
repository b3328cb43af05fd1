/**
 * JSON log lines from the main process, in the same shape as the Core's pino logs. The main
 * process stays thin, so it does not load the Core's logger; it logs little and never secrets.
 */
export type Level = 'info' | 'warn' | 'error';

export interface MainLog {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

const LEVEL_NUMBER: Record<Level, number> = { info: 30, warn: 40, error: 50 };

export function formatLogLine(level: Level, message: string, detail: Record<string, unknown> = {}, now = Date.now()) {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    fields[key] = value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;
  }
  return JSON.stringify({
    level: LEVEL_NUMBER[level],
    time: now,
    app: 'outpost',
    module: 'electron',
    ...fields,
    msg: message,
  });
}

export function createMainLog(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): MainLog {
  return {
    info: (message, detail) => write(formatLogLine('info', message, detail)),
    warn: (message, detail) => write(formatLogLine('warn', message, detail)),
    error: (message, detail) => write(formatLogLine('error', message, detail)),
  };
}
