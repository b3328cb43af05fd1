import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse-parser.js';

function parse(chunks: string[]): { events: SseEvent[]; retries: number[] } {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    (e) => events.push(e),
    (ms) => retries.push(ms),
  );
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { events, retries };
}

describe('createSseParser', () => {
  it('parses a named event with JSON data', () => {
    const { events } = parse(['event: sites.changed\ndata: {"siteId":"x","action":"created"}\n\n']);
    expect(events).toEqual([{ event: 'sites.changed', data: '{"siteId":"x","action":"created"}', id: '' }]);
  });

  it('defaults the event name to message', () => {
    expect(parse(['data: hello\n\n']).events[0]?.event).toBe('message');
  });

  it('joins multi-line data with newlines', () => {
    expect(parse(['data: one\ndata: two\ndata:three\n\n']).events[0]?.data).toBe('one\ntwo\nthree');
  });

  it('ignores comments and heartbeats and does not dispatch empty events', () => {
    const { events } = parse([': heartbeat\n\n', ':\n\n', 'event: ping\n\n', 'data: x\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'x', id: '' }]);
  });

  it('handles chunk boundaries anywhere, including inside a field name', () => {
    const text = 'event: sites.changed\ndata: {"a":1}\n\nevent: users.changed\ndata: {"b":2}\n\n';
    const expected = parse([text]).events;
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]).events).toEqual(expected);
    }
    expect(parse(text.split('')).events).toEqual(expected);
  });

  it('accepts CRLF and CR line endings, even when CRLF is split across chunks', () => {
    expect(parse(['data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r', '\n']).events.map((e) => e.data)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('keeps an empty data line as an empty string and only strips one leading space', () => {
    expect(parse(['data\ndata:  two spaces\n\n']).events[0]?.data).toBe('\n two spaces');
  });

  it('drops an unterminated event at the end of the stream', () => {
    expect(parse(['data: complete\n\ndata: partial\n']).events.map((e) => e.data)).toEqual(['complete']);
  });

  it('remembers the last id and reports retry hints', () => {
    const { events, retries } = parse(['id: 7\nretry: 2500\ndata: a\n\ndata: b\n\nretry: soon\n\n']);
    expect(events.map((e) => e.id)).toEqual(['7', '7']);
    expect(retries).toEqual([2500]);
  });

  it('strips a byte-order mark at the start of the stream', () => {
    expect(parse(['\uFEFFdata: x\n\n']).events[0]?.data).toBe('x');
  });
});
