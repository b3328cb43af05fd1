import type { Part, Position } from './messages.js';

/*
 * The hub's side of ordering: it applies the outbox stream strictly in sequence, one position at a
 * time, so a replayed request changes nothing (its parts are behind the position), a reordered one
 * waits (it starts after the position; the site is told where to resume), and a state sent twice
 * can never overwrite a newer one. `acked` is the highest entry applied completely.
 */

export interface HubCursor {
  acked: number;
  /** An entry applied in part: where it continues. */
  partial: { seq: number; after: string | null; fragment: number } | null;
}

export const expectedPosition = (cursor: HubCursor): Position =>
  cursor.partial ? { ...cursor.partial } : { seq: cursor.acked + 1, after: null, fragment: 0 };

/** Keys compare as strings (ids: ULIDs sort by time); null is before every key. */
const keyBefore = (a: string | null, b: string | null): boolean => (a === null ? b !== null : b !== null && a < b);
const keyAtOrBefore = (a: string | null, b: string | null): boolean => a === b || keyBefore(a, b);

/** `apply` the part now; `skip` it (already applied); `stop`: it is not the next one, apply nothing from here on. */
export type Verdict = 'apply' | 'skip' | 'stop';

export function judgePart(cursor: HubCursor, part: Pick<Part, 'seq' | 'after' | 'next' | 'fragment'>): Verdict {
  const expected = expectedPosition(cursor);
  if (part.seq < expected.seq) return 'skip';
  if (part.seq > expected.seq) return 'stop';
  if (part.after === expected.after) {
    const index = part.fragment?.index ?? 0;
    // Index 0 (or a whole part) where fragments were expected restarts the record: its text changed.
    if (index === expected.fragment || index === 0) return 'apply';
    return index < expected.fragment ? 'skip' : 'stop';
  }
  // A part of this entry sent before: behind the position when it ends at or before it.
  if (keyBefore(part.after, expected.after) && part.next !== null && keyAtOrBefore(part.next, expected.after)) {
    return 'skip';
  }
  return 'stop';
}

/** The cursor once `part` (judged `apply`) went in; `fragmentDone` is false while a record's fragments still arrive. */
export function advance(
  cursor: HubCursor,
  part: Pick<Part, 'seq' | 'after' | 'next' | 'done' | 'fragment' | 'skipTo'>,
): HubCursor {
  if (part.skipTo !== undefined) return { acked: Math.max(cursor.acked, part.skipTo), partial: null };
  const fragment = part.fragment;
  if (fragment && fragment.index + 1 < fragment.count) {
    return { acked: cursor.acked, partial: { seq: part.seq, after: part.after, fragment: fragment.index + 1 } };
  }
  if (part.done) return { acked: part.seq, partial: null };
  return { acked: cursor.acked, partial: { seq: part.seq, after: part.next, fragment: 0 } };
}
