/** The strong ETag of content known by its SHA-256: the quoted hash. */
export function hashEtag(sha256: string): string {
  return `"${sha256}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag` (RFC 9110 §13.1.2: weak comparison, so a
 * `W/"…"` that a proxy made of our tag while compressing still matches; `*` matches anything).
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}
