import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPushBody, sliceText, type EntrySource, type KeyedItem, type OutboxEntry } from './framing.js';
import { PushRequest, type Position } from './messages.js';
import { fnv1a, utf8Length } from './utf8.js';
import { advance, expectedPosition, judgePart, type HubCursor } from './watermark.js';

/*
 * Adversarial tests of the push stream (after Actual's adversarial sync tests): a site's outbox is
 * framed under a byte budget and a simulated hub applies it through the ordering rule while the
 * network duplicates, reorders and loses requests and answers. Whatever happens, no request is
 * over the budget and the hub applies every record exactly once, in order.
 */

interface SimEntry extends OutboxEntry {
  items: KeyedItem[];
}

function sourceOf(entries: SimEntry[]): EntrySource {
  return {
    entries: (from, limit) => entries.filter((e) => e.seq >= from).slice(0, limit),
    items(entry, after, limit) {
      const all = entries.find((e) => e.seq === entry.seq)!.items;
      const start = after === null ? 0 : all.findIndex((i) => i.key > after);
      const from = start < 0 ? all.length : start;
      const items = all.slice(from, from + limit);
      return { items, done: from + items.length >= all.length };
    },
  };
}

/** A hub that applies parts by the ordering rule and reassembles fragments; `applied` is what it stored, in order. */
function simulatedHub() {
  let cursor: HubCursor = { acked: 0, partial: null };
  let staged: string[] = [];
  let stagedChecksum = 0;
  const applied: unknown[] = [];
  return {
    applied,
    get cursor() {
      return cursor;
    },
    receive(body: string): Position {
      const request = PushRequest.parse(JSON.parse(body));
      for (const part of request.parts) {
        const verdict = judgePart(cursor, part);
        if (verdict === 'skip') continue;
        if (verdict === 'stop') break;
        if (part.fragment) {
          if (part.fragment.index === 0) {
            staged = [];
            stagedChecksum = part.fragment.checksum;
          } else if (part.fragment.checksum !== stagedChecksum) {
            // The record changed between fragments: start it again.
            staged = [];
            cursor = { acked: cursor.acked, partial: { seq: part.seq, after: part.after, fragment: 0 } };
            break;
          }
          staged.push(part.fragment.text);
          if (part.fragment.index + 1 === part.fragment.count) {
            const text = staged.join('');
            staged = [];
            expect(text.length).toBe(part.fragment.length);
            expect(fnv1a(text)).toBe(part.fragment.checksum);
            applied.push(...(JSON.parse(text) as unknown[]));
          }
        } else {
          applied.push(...part.records);
        }
        cursor = advance(cursor, part);
      }
      return expectedPosition(cursor);
    },
  };
}

const item = (key: string, size: number, char = 'x'): KeyedItem => ({
  key,
  records: [{ type: 'event', key, text: char.repeat(size) }],
});

/** Entries with 0–20 items of 0–`maxSize` characters (some multi-byte, some needing escapes). */
const entriesArb = (maxSize: number) =>
  fc
    .array(
      fc.array(
        fc.record({
          size: fc.integer({ min: 0, max: maxSize }),
          char: fc.constantFrom('x', 'é', '€', '"', '\\', '😀'),
        }),
        { maxLength: 20 },
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((entries) =>
      entries.map((items, e) => ({
        seq: e + 1,
        items: items.map((it, i) =>
          item(`k${String(e).padStart(3, '0')}-${String(i).padStart(4, '0')}`, it.size, it.char),
        ),
      })),
    );

const expectedRecords = (entries: SimEntry[]) => entries.flatMap((e) => e.items.flatMap((i) => i.records));

describe('push framing and the hub ordering rule', () => {
  it('never builds a request over the budget, and a faithful network delivers every record once, in order', () => {
    fc.assert(
      fc.property(entriesArb(6000), fc.integer({ min: 2048, max: 20_000 }), (entries, budget) => {
        const source = sourceOf(entries);
        const hub = simulatedHub();
        let position: Position = { seq: 1, after: null, fragment: 0 };
        for (let round = 0; round < 10_000; round++) {
          const frame = buildPushBody(source, position, budget, { pending: 0, sentAt: 1 });
          if (!frame) break;
          expect(utf8Length(frame.body)).toBeLessThanOrEqual(budget);
          const next = hub.receive(frame.body);
          expect(next).toEqual(frame.end);
          position = next;
        }
        expect(hub.applied).toEqual(expectedRecords(entries));
      }),
      { numRuns: 60 },
    );
  });

  it('ends in the same state when requests are duplicated, reordered and answers lost', () => {
    fc.assert(
      fc.property(
        entriesArb(3000),
        fc.integer({ min: 2048, max: 8000 }),
        fc.infiniteStream(fc.nat(99)),
        (entries, budget, dice) => {
          const source = sourceOf(entries);
          const hub = simulatedHub();
          const sent: string[] = [];
          let position: Position = { seq: 1, after: null, fragment: 0 };
          const roll = dice[Symbol.iterator]();
          for (let round = 0; round < 20_000; round++) {
            const frame = buildPushBody(source, position, budget, { pending: 0, sentAt: 1 });
            if (!frame) break;
            sent.push(frame.body);
            const r = roll.next().value as number;
            if (r < 15 && sent.length > 1) {
              // An old request arrives again (a retry the network held back); the answer goes to nobody.
              hub.receive(sent[r % sent.length]!);
              continue;
            }
            const answer = hub.receive(frame.body);
            if (r < 30) continue; // the answer is lost: the site asks again from where it was
            if (r < 40) hub.receive(frame.body); // delivered twice
            position = answer;
          }
          expect(hub.applied).toEqual(expectedRecords(entries));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('skips entries a reset names and goes on after them', () => {
    const entries: SimEntry[] = [
      { seq: 1, items: [], skipTo: 7 },
      { seq: 8, items: [item('a', 10), item('b', 10)] },
    ];
    const hub = simulatedHub();
    const frame = buildPushBody(sourceOf(entries), { seq: 1, after: null, fragment: 0 }, 4096, {
      pending: 0,
      sentAt: 1,
    })!;
    expect(hub.receive(frame.body)).toEqual({ seq: 9, after: null, fragment: 0 });
    expect(hub.cursor.acked).toBe(8);
    expect(hub.applied).toHaveLength(2);
  });

  it('restarts a fragmented record when its text changed between fragments', () => {
    let size = 9000;
    const entries = (): SimEntry[] => [{ seq: 1, items: [item('big', size)] }];
    const hub = simulatedHub();
    const first = buildPushBody(sourceOf(entries()), { seq: 1, after: null, fragment: 0 }, 4096, {
      pending: 0,
      sentAt: 1,
    })!;
    let position = hub.receive(first.body);
    expect(position.fragment).toBe(1);
    size = 9500; // the row changed before the next fragment was read: the hub sees another checksum and asks again
    for (let i = 0; i < 20; i++) {
      const frame = buildPushBody(sourceOf(entries()), position, 4096, { pending: 0, sentAt: 1 });
      if (!frame) break;
      position = hub.receive(frame.body);
    }
    expect(hub.applied).toEqual(expectedRecords(entries()));
  });

  it('cuts text so each escaped slice fits, never inside a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.integer({ min: 16, max: 500 }),
        (text, capacity) => {
          const slices = sliceText(text, capacity);
          expect(slices.join('')).toBe(text);
          for (const slice of slices) expect(utf8Length(JSON.stringify(slice))).toBeLessThanOrEqual(capacity);
        },
      ),
    );
  });
});

describe('the hub ordering rule on poisoned parts', () => {
  const at = (acked: number, partial: HubCursor['partial'] = null): HubCursor => ({ acked, partial });
  const part = (seq: number, after: string | null, next: string | null, done = true) => ({ seq, after, next, done });

  it('applies only the next position, skips what is behind it and stops at a gap', () => {
    expect(judgePart(at(4), part(5, null, 'a'))).toBe('apply');
    expect(judgePart(at(4), part(4, null, 'a'))).toBe('skip');
    expect(judgePart(at(4), part(6, null, 'a'))).toBe('stop');
    expect(judgePart(at(4, { seq: 5, after: 'm', fragment: 0 }), part(5, 'm', 'z'))).toBe('apply');
    expect(judgePart(at(4, { seq: 5, after: 'm', fragment: 0 }), part(5, null, 'k'))).toBe('skip');
    // A part that overlaps the position (starts before it, ends after it) is never half-applied.
    expect(judgePart(at(4, { seq: 5, after: 'm', fragment: 0 }), part(5, 'a', 'z'))).toBe('stop');
    expect(judgePart(at(4, { seq: 5, after: 'm', fragment: 0 }), part(5, 'q', 'z'))).toBe('stop');
  });

  it('never moves acked backwards on a replayed reset', () => {
    expect(advance(at(10), { ...part(3, null, null), skipTo: 5 }).acked).toBe(10);
  });
});
