/**
 * Hashes stored in the last minutes. A source stores a file, then hands the event to the pipeline,
 * which commits its media row a moment later: until then nothing in the database names the file,
 * and retention or reconciliation must not take it for an orphan.
 */
const PIN_MS = 10 * 60_000;

export function createPins(now: () => number) {
  const pinned = new Map<string, number>();
  return {
    add(sha256: string): void {
      pinned.set(sha256, now());
      if (pinned.size > 10_000) {
        for (const [sha, at] of pinned) if (now() - at > PIN_MS) pinned.delete(sha);
      }
    },
    /** A refused upload's own pin: its file is removed at once. */
    remove(sha256: string): void {
      pinned.delete(sha256);
    },
    has(sha256: string): boolean {
      const at = pinned.get(sha256);
      if (at === undefined) return false;
      if (now() - at <= PIN_MS) return true;
      pinned.delete(sha256);
      return false;
    },
  };
}
