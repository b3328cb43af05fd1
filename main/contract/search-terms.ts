/**
 * Which of a query's words a text holds, the way search's keyword index (FTS5, porter stemmer)
 * counts them closely enough to show people: "disks" finds "disk", "failing" finds "failed". Shared
 * by the server (a result's `match.terms`) and the renderer (the highlighted words).
 */

/** The words of a text as search reads them (letters, digits, underscore), in lower case. */
export function searchWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}_]+/gu) ?? []).map((w) => w.toLowerCase());
}

/** A crude stem: common English endings off, never below three letters. */
export function termStem(word: string): string {
  const lower = word.toLowerCase();
  for (const ending of ['ing', 'ed', 'es', 's']) {
    if (lower.endsWith(ending) && lower.length - ending.length >= 3) return lower.slice(0, -ending.length);
  }
  return lower;
}

/** True when a word of the text is the term or starts with its stem. */
export function wordMatchesTerm(word: string, term: string): boolean {
  const lower = word.toLowerCase();
  return lower === term || lower.startsWith(termStem(term));
}

/** The query's words (lower case, each once) that the text holds. */
export function matchedTerms(query: string, text: string): string[] {
  const words = searchWords(text);
  return [...new Set(searchWords(query))].filter((term) => words.some((word) => wordMatchesTerm(word, term)));
}
