/** The logger the media slice writes to (pino's child loggers fit). Secrets are never passed in. */
export interface MediaLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
