/**
 * Three-way merge of JSON documents, field by field: what only one side changed since the version
 * both last agreed on (`base`) is taken from that side; what both changed to the same value is
 * that value; what both changed differently is a conflict, listed by its dotted path, and keeps
 * this side's value until a user chooses (nothing is overwritten silently). Objects are merged key
 * by key at any depth; arrays and other values are compared whole. A document absent on one side
 * is `null` (deleted, or never there).
 *
 * Written by hand: the rule is the product's own (which side a conflict keeps, what a path is), and
 * the protocol module depends on nothing but zod.
 */

export interface MergeResult {
  /** The merged document (conflicting fields hold the local value). */
  merged: unknown;
  /** Dotted paths both sides changed differently; `""` is the whole document. */
  conflicts: string[];
}

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Sets an own property even when the key is `__proto__` (plain assignment would change the prototype). */
function put(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const own = (o: Record<string, Json> | undefined, k: string): Json => (o && Object.hasOwn(o, k) ? o[k] : undefined);

function mergeAt(base: Json, local: Json, remote: Json, path: string, conflicts: string[]): Json {
  if (jsonEqual(local, remote)) return local;
  if (jsonEqual(base, local)) return remote;
  if (jsonEqual(base, remote)) return local;
  if (isObject(local) && isObject(remote)) {
    const b = isObject(base) ? base : undefined;
    const out: Record<string, Json> = {};
    const keys = new Set([...Object.keys(local), ...Object.keys(remote), ...(b ? Object.keys(b) : [])]);
    for (const key of keys) {
      const value = mergeAt(own(b, key), own(local, key), own(remote, key), path ? `${path}.${key}` : key, conflicts);
      if (value !== undefined) put(out, key, value);
    }
    return out;
  }
  conflicts.push(path);
  return local;
}

export function mergeThreeWay(base: Json, local: Json, remote: Json): MergeResult {
  const conflicts: string[] = [];
  const merged = mergeAt(base ?? undefined, local ?? undefined, remote ?? undefined, '', conflicts);
  return { merged: merged === undefined ? null : merged, conflicts };
}
