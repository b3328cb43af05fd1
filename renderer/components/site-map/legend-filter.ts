/**
 * The legend's filter: null shows every status; a set shows only those. Toggling a status off
 * from "everything" keeps all the others; toggling the last hidden one back on returns to null,
 * so statuses that appear later (a new custom status) are shown too.
 */
export function toggleStatus(
  visible: ReadonlySet<string> | null,
  status: string,
  all: readonly string[],
): ReadonlySet<string> | null {
  const next = new Set(visible ?? all);
  if (next.has(status)) next.delete(status);
  else next.add(status);
  return all.every((s) => next.has(s)) ? null : next;
}

export function isVisible(visible: ReadonlySet<string> | null | undefined, status: string): boolean {
  return visible == null || visible.has(status);
}
