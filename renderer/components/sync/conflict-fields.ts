/**
 * The values of a conflict's fields in each version. A conflict names its fields by dotted path
 * ("name", "config.topic"); the versions are whole documents of any shape, or null when absent.
 */
export function valueAt(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A field's value as the page shows it: strings as they are, the rest as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A copy of `doc` with `path` set to `value` (intermediate objects made as needed). */
export function withValue(doc: unknown, path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> =
    doc !== null && typeof doc === 'object' ? (structuredClone(doc) as Record<string, unknown>) : {};
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) ?? path] = value;
  return root;
}

/**
 * What a user typed for a field, read as the kind of value the field holds: text for a text field,
 * JSON (a number, true or false, a list, an object) otherwise. Returns the reason when it is not.
 */
export function readTyped(text: string, like: unknown): { value: unknown } | { error: string } {
  if (typeof like === 'string') return { value: text };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    // A field absent on both sides takes text as it is.
    if (like === undefined || like === null) return { value: text };
    return { error: `must be ${typeof like === 'object' ? 'JSON (a list or an object)' : `a ${typeof like}`}` };
  }
}

/** The merged document: this site's version with each conflicting field set to what the user chose. */
export function mergedDocument(
  local: unknown,
  hub: unknown,
  typed: Record<string, string>,
): { merged: Record<string, unknown> } | { errors: Record<string, string> } {
  let merged: Record<string, unknown> =
    local !== null && typeof local === 'object' ? (structuredClone(local) as Record<string, unknown>) : {};
  const errors: Record<string, string> = {};
  for (const [path, text] of Object.entries(typed)) {
    const like = valueAt(local, path) ?? valueAt(hub, path);
    const read = readTyped(text, like);
    if ('error' in read) errors[path] = read.error;
    else merged = withValue(merged, path, read.value);
  }
  return Object.keys(errors).length > 0 ? { errors } : { merged };
}
