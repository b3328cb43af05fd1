/**
 * Turns what a user typed into a safe FTS5 query: each word becomes a quoted string (inner
 * quotes doubled), so operators, column filters and syntax errors cannot be smuggled in. Words
 * are OR-ed and bm25 ranks rows matching more (and rarer) words first. Returns null when the
 * text holds no word at all.
 */
export function ftsQueryOf(text: string, maxTerms = 32): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const unique = [...new Set(words.map((w) => w.toLowerCase()))].slice(0, maxTerms);
  if (unique.length === 0) return null;
  return unique.map((w) => `"${w.replaceAll('"', '""')}"`).join(' OR ');
}
