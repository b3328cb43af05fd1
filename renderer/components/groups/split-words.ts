/** The miner's mark for a word that varies between events (main/pipeline/fingerprint/masking.ts). */
const VARIES = '<*>';

/** The word a split starts at: the first that varies, else the first. */
export function firstVaryingWord(tokens: readonly string[]): number {
  const i = tokens.findIndex((t) => t === VARIES || /^<[a-z][a-z0-9_-]*>$/i.test(t));
  return i < 0 ? 0 : i;
}

/** "3 · (varies)" or "1 · Connection": numbered, because the same word can appear twice. */
export function wordLabel(token: string, index: number): string {
  return `${index + 1} · ${token === VARIES ? '(varies)' : token}`;
}
