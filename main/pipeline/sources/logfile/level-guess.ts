import type { Severity } from '../../event-types.js';

const LEVELS: [RegExp, Severity][] = [
  [/^(FATAL|CRITICAL|CRIT|EMERG|EMERGENCY|ALERT|PANIC)$/i, 'critical'],
  [/^(ERROR|ERR|SEVERE)$/i, 'error'],
  [/^(WARN|WARNING)$/i, 'warning'],
  [/^NOTICE$/i, 'notice'],
  [/^(INFO|INFORMATION)$/i, 'info'],
  [/^(DEBUG|TRACE|FINE|FINER|FINEST|VERBOSE)$/i, 'debug'],
];

/** Upper-case level words as most loggers print them (`ERROR`, `[WARN]`, `<INFO>`). */
const UPPER_WORD =
  /(?<![\w.-])(FATAL|CRITICAL|CRIT|EMERG|EMERGENCY|ALERT|PANIC|ERROR|ERR|SEVERE|WARN|WARNING|NOTICE|INFO|INFORMATION|DEBUG|TRACE|FINE|FINER|FINEST|VERBOSE)(?![\w.-])/;
/** Structured forms in any case: `level=warn`, `"level":"error"`, `severity: info`. */
const KEYED = /\b(?:level|lvl|severity|loglevel)"?\s*[=:]\s*"?([A-Za-z]+)/i;

/**
 * The severity a line's level word states, if any. The first level word wins: loggers print the
 * level before the message, so a later "error" inside the message does not count.
 */
export function guessSeverity(firstLine: string, hasStackTrace: boolean): Severity | undefined {
  const word = KEYED.exec(firstLine)?.[1] ?? UPPER_WORD.exec(firstLine)?.[1];
  if (word) for (const [pattern, severity] of LEVELS) if (pattern.test(word)) return severity;
  // A stack trace without a stated level is an uncaught error.
  return hasStackTrace ? 'error' : undefined;
}
