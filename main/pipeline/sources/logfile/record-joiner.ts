import type { LogLine } from './line-reader.js';

export interface LogRecord {
  lines: string[];
  start: number;
  end: number;
}

export interface JoinOptions {
  /** Lines matching it start a record; without it, the stack-trace rules below decide. */
  startPattern?: RegExp;
  maxLines: number;
}

/** Lines that continue the record before them in Java and Python traces, though not indented. */
const CONTINUATIONS = [
  // Java loggers print the exception's class right under the message: `java.io.IOException: …`.
  /^([A-Za-z_$][\w$]*\.)+[\w$]*(Exception|Error|Throwable)(:|$)/,
  /^Caused by:/,
  /^Suppressed:/,
  /^\.\.\. \d+ (more|common frames omitted)/,
  /^Traceback \(most recent call last\):/,
  /^During handling of the above exception, another exception occurred:/,
  /^The above exception was the direct cause of the following exception:/,
];
/** The last line of a Python traceback: `ValueError: bad input`, `pkg.CustomError`, `KeyboardInterrupt`. */
const PYTHON_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(:\s.*|:)?$/;

/**
 * Groups log lines into records, one per event: a stack trace (Java's `\tat …`/`Caused by:`,
 * Python's `Traceback …` with its indented `File …` lines and the exception line) stays with the
 * line that logged it. Records complete when the next one starts; the caller decides when the
 * last one is complete (see `flush`).
 */
export class RecordJoiner {
  private current: LogRecord | undefined;
  private inPythonTrace = false;
  private lastWasIndented = false;

  constructor(private readonly options: JoinOptions) {}

  /** Adds a line; returns the record it completed, if any. */
  push(line: LogLine): LogRecord | undefined {
    const current = this.current;
    if (current && current.lines.length < this.options.maxLines && this.continues(line.text)) {
      current.lines.push(line.text);
      current.end = line.end;
      this.track(line.text);
      return undefined;
    }
    this.current = { lines: [line.text], start: line.start, end: line.end };
    this.inPythonTrace = false;
    this.track(line.text);
    return current;
  }

  /** The record in progress, as complete (the file went quiet, or it was rotated away). */
  flush(): LogRecord | undefined {
    const current = this.current;
    this.current = undefined;
    return current;
  }

  private continues(text: string): boolean {
    if (this.options.startPattern) return !this.options.startPattern.test(text);
    if (text.trim() === '' || /^\s/.test(text)) return true;
    if (CONTINUATIONS.some((pattern) => pattern.test(text))) return true;
    return this.inPythonTrace && this.lastWasIndented && PYTHON_EXCEPTION_LINE.test(text);
  }

  private track(text: string): void {
    if (text.startsWith('Traceback (most recent call last):')) this.inPythonTrace = true;
    const indented = /^\s/.test(text);
    // The exception line ends the traceback; a chained one starts again with "Traceback".
    if (this.inPythonTrace && !indented && this.lastWasIndented) this.inPythonTrace = false;
    this.lastWasIndented = indented;
  }
}
