/**
 * Attributes are stored as JSON beside every event and shown in the detail drawer: they must be
 * plain JSON, small and shallow, so one chatty sender cannot bloat the cache or the UI.
 */
export const MAX_ATTRIBUTE_BYTES = 32 * 1024;
export const MAX_ATTRIBUTE_DEPTH = 8;

export type AttributeCheck = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The attribute object itself is depth 1. Returns the first depth found beyond `limit`, or 0. */
function tooDeep(value: unknown, depth: number, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > limit) return depth;
  const children = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) {
    const found = tooDeep(child, depth + 1, limit);
    if (found) return found;
  }
  return 0;
}

/** Validates and returns a plain-JSON copy (no prototypes, no undefined, no functions). */
export function checkAttributes(value: unknown): AttributeCheck {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Must be a JSON object of name → value (not an array or a single value)' };
  }
  if (tooDeep(value, 1, MAX_ATTRIBUTE_DEPTH)) {
    return { ok: false, message: `Must be nested at most ${MAX_ATTRIBUTE_DEPTH} levels deep; flatten the object` };
  }
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (_err) {
    return { ok: false, message: 'Must be plain JSON (no big integers or circular references)' };
  }
  if (Buffer.byteLength(json, 'utf8') > MAX_ATTRIBUTE_BYTES) {
    return {
      ok: false,
      message: `Must be at most 32 KiB as JSON (got ${Buffer.byteLength(json, 'utf8')} bytes); attach bulky data as media`,
    };
  }
  return { ok: true, value: JSON.parse(json) as Record<string, unknown> };
}
