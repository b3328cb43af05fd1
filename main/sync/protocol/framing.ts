import type { Position } from './messages.js';
import { fnv1a, utf8Length } from './utf8.js';

/*
 * Framing on the site: outbox entries (one per queued change; an event batch is one entry naming
 * its range) are read from the position the hub expects and packed into one request body whose
 * UTF-8 length never exceeds the hub's limit, whatever the backlog. An entry larger than a request
 * continues in the next one (parts, keyed by the last record sent); a single item larger than a
 * request travels as fragments of its JSON text, one per request. The body is built as text from
 * records serialised once each, so its size is exact, not estimated.
 */

export interface OutboxEntry {
  seq: number;
  /** Entries `seq`..`skipTo` are gone from this site (trimmed before the hub kept them): the hub skips them. */
  skipTo?: number;
}

/** One item of an entry: a key (ids, increasing within the entry) and its records (the row, plus what it needs first). */
export interface KeyedItem {
  key: string;
  records: readonly unknown[];
}

export interface EntrySource {
  /** Entries with seq ≥ `from`, in order, at most `limit`. */
  entries(from: number, limit: number): OutboxEntry[];
  /** The entry's items after key `after` (null: from its start), in key order, at most `limit`; `done` when none follow them. */
  items(entry: OutboxEntry, after: string | null, limit: number): { items: KeyedItem[]; done: boolean };
}

export interface Frame {
  /** The JSON request body. */
  body: string;
  /** Records in it (fragments count as one record, on their last part). */
  records: number;
  parts: number;
  /** Where the hub will expect the next request to start once it applied this one. */
  end: Position;
}

const PAGE = 256;
const MAX_ENTRIES_PER_REQUEST = 2000;

const json = (value: unknown) => JSON.stringify(value);

function partPrefix(seq: number, after: string | null): string {
  return `{"seq":${seq},"after":${json(after)}`;
}

function closePart(prefix: string, next: string | null, done: boolean, records: string[], extra = ''): string {
  return `${prefix},"next":${json(next)},"done":${done},"records":[${records.join(',')}]${extra}}`;
}

/** Upper bound of what `closePart` adds around the records (keys are at most 200 bytes each). */
const PART_OVERHEAD = 64 + 2 * 210;

/**
 * UTF-8 length of `text` once written as a JSON string (quotes and escapes included), for
 * fragments: a slice is cut so that its escaped form fits.
 */
function escapedCost(code: number, next: number): number {
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x20) return 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return 4;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate is written as \uXXXX
  return 3;
}

/** Cuts `text` into slices whose JSON-escaped size is at most `capacity` bytes each (never inside a surrogate pair). */
export function sliceText(text: string, capacity: number): string[] {
  if (capacity < 16) throw new Error('A fragment needs room for at least a few characters.');
  const slices: string[] = [];
  let start = 0;
  let used = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cost = escapedCost(code, text.charCodeAt(i + 1));
    const width = cost === 4 ? 2 : 1;
    if (used + cost > capacity) {
      slices.push(text.slice(start, i));
      start = i;
      used = 2;
    }
    used += cost;
    i += width - 1;
  }
  slices.push(text.slice(start));
  return slices;
}

/**
 * The next request body from `start`, at most `budget` bytes, or null when nothing is queued there.
 * `meta` is the request's other fields.
 */
export function buildPushBody(
  source: EntrySource,
  start: Position,
  budget: number,
  meta: { pending: number; sentAt: number },
): Frame | null {
  const tail = `],"pending":${meta.pending},"sentAt":${meta.sentAt}}`;
  const head = '{"parts":[';
  const limit = budget - head.length - tail.length;
  const parts: string[] = [];
  let size = 0;
  let records = 0;
  let end: Position = { ...start };
  const room = () => limit - size - (parts.length > 0 ? 1 : 0);
  const add = (text: string) => {
    size += utf8Length(text) + (parts.length > 0 ? 1 : 0);
    parts.push(text);
  };
  const frame = (): Frame | null =>
    parts.length === 0 ? null : { body: head + parts.join(',') + tail, records, parts: parts.length, end };

  const entries = source.entries(start.seq, MAX_ENTRIES_PER_REQUEST);
  for (const entry of entries) {
    if (entry.seq < start.seq) continue;
    if (entry.skipTo !== undefined) {
      const text =
        `${closePart(partPrefix(entry.seq, null), null, true, [])}`.slice(0, -1) + `,"skipTo":${entry.skipTo}}`;
      if (utf8Length(text) > room()) return frame();
      add(text);
      end = { seq: entry.skipTo + 1, after: null, fragment: 0 };
      continue;
    }
    let after = entry.seq === start.seq ? start.after : null;
    const fragmentFrom = entry.seq === start.seq ? start.fragment : 0;
    const prefix = partPrefix(entry.seq, after);
    const texts: string[] = [];
    let textBytes = 0;
    let last: string | null = after;
    for (;;) {
      const page = source.items(entry, after, PAGE);
      for (const [i, item] of page.items.entries()) {
        const text = item.records.map(json).join(',');
        const bytes = utf8Length(text);
        const needed = utf8Length(prefix) + PART_OVERHEAD + textBytes + (texts.length > 0 ? 1 : 0) + bytes;
        if (needed <= room()) {
          texts.push(text);
          textBytes += bytes + (texts.length > 1 ? 1 : 0);
          records += item.records.length;
          last = item.key;
          continue;
        }
        if (texts.length > 0) {
          add(closePart(prefix, last, false, texts));
          end = { seq: entry.seq, after: last, fragment: 0 };
          return frame();
        }
        if (parts.length > 0) return frame();
        // This item alone is over the limit: send it in fragments of its JSON text, one per request.
        const whole = `[${text}]`;
        const capacity = room() - utf8Length(prefix) - PART_OVERHEAD - 200;
        const slices = sliceText(whole, capacity);
        const index = Math.min(fragmentFrom, slices.length - 1);
        const isLast = index === slices.length - 1;
        const fragment = {
          key: item.key,
          index,
          count: slices.length,
          length: whole.length,
          checksum: fnv1a(whole),
          text: slices[index],
        };
        const done = isLast && page.done && i === page.items.length - 1;
        add(closePart(prefix, item.key, done, [], `,"fragment":${json(fragment)}`));
        if (isLast) records += item.records.length;
        end = isLast
          ? done
            ? { seq: entry.seq + 1, after: null, fragment: 0 }
            : { seq: entry.seq, after: item.key, fragment: 0 }
          : { seq: entry.seq, after: last, fragment: index + 1 };
        return frame();
      }
      if (page.done) break;
      after = last;
      if (page.items.length === 0) break;
    }
    add(closePart(prefix, last, true, texts));
    end = { seq: entry.seq + 1, after: null, fragment: 0 };
  }
  return frame();
}
