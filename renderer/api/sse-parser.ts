/** One dispatched Server-Sent Event. */
export interface SseEvent {
  /** `message` when the server sent no `event:` field. */
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far, as the spec defines it. */
  id: string;
}

export interface SseParser {
  /** Feed the next decoded chunk; chunks may split lines anywhere, even between `\r` and `\n`. */
  push(chunk: string): void;
  /** The stream ended: an event without its closing blank line is dropped, as the spec says. */
  end(): void;
}

/**
 * An incremental text/event-stream parser (WHATWG HTML §9.2.6). We parse ourselves because
 * EventSource cannot send the Authorization header.
 */
export function createSseParser(
  onEvent: (event: SseEvent) => void,
  onRetry: (milliseconds: number) => void = () => {},
): SseParser {
  let buffer = '';
  let firstChunk = true;
  let eventType = '';
  let data = '';
  let hasData = false;
  let lastId = '';
  // A chunk that ends in `\r` may be followed by the `\n` of the same line ending.
  let skipLeadingLf = false;

  function dispatch(): void {
    if (hasData) onEvent({ event: eventType || 'message', data, id: lastId });
    eventType = '';
    data = '';
    hasData = false;
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return; // comment, used by servers as a heartbeat
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) onRetry(Number(value));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  return {
    push(chunk: string) {
      if (firstChunk && chunk.length > 0) {
        firstChunk = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      if (skipLeadingLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLeadingLf = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        processLine(buffer.slice(start, i));
        if (ch === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            skipLeadingLf = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      eventType = '';
      data = '';
      hasData = false;
    },
  };
}
