import { OutpostError } from '../contract/index.js';

/**
 * Keyset pagination cursors: the sort value and id of the last row of a page, opaque to callers
 * (base64url JSON) so nobody builds one by hand.
 */
export interface KeysetPosition {
  value: number;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // Falls through to the error below: a cursor that is not ours.
  }
  return invalidCursor();
}

/** The answer to a cursor this list did not make (or made by an older version of it). */
export function invalidCursor(): never {
  throw new OutpostError(
    'invalid_input',
    'Invalid input: cursor: is not a cursor from this list. Pass nextCursor from the previous page, or leave it out.',
    { issues: [{ path: 'cursor', message: 'is not a cursor from this list' }] },
  );
}

/** Slices one extra row off a `limit + 1` query and makes the cursor of the page's last row. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  position: (row: T) => KeysetPosition,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(position(items[items.length - 1] as T)) };
}
