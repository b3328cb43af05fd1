import type { RawEvent } from '../../event-types.js';
import { MAX_MESSAGE_BYTES } from '../../stages/index.js';
import { guessSeverity } from './level-guess.js';
import type { LogRecord } from './record-joiner.js';

const TRUNCATED = '\n…[truncated]';

/** A record as an event; undefined for blank lines, which are no event at all. */
export function recordEvent(record: LogRecord, file: string): RawEvent | undefined {
  const lines = [...record.lines];
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  if (lines.length === 0 || lines.join('').trim() === '') return undefined;
  const hasTrace = lines.length > 1 && lines.slice(1).some((l) => /^\s+(at |File ")|^Traceback \(/.test(l));
  const event: RawEvent = {
    message: fit(lines.join('\n')),
    kind: hasTrace ? 'error' : 'log',
    attributes: { file, offset: record.start, lines: lines.length },
  };
  const severity = guessSeverity(lines[0]!, hasTrace);
  if (severity) event.severity = severity;
  return event;
}

/** A joined trace can outgrow the pipeline's message limit; its head is what identifies it. */
function fit(message: string): string {
  if (Buffer.byteLength(message) <= MAX_MESSAGE_BYTES) return message;
  const room = MAX_MESSAGE_BYTES - Buffer.byteLength(TRUNCATED);
  // Cut bytes, then drop a split character (the decoder turns it into U+FFFD).
  const head = Buffer.from(message)
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return head + TRUNCATED;
}
