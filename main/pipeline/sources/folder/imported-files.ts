import { createHash } from 'node:crypto';
import type { Checkpoint } from '../source-types.js';

/** Enough for a busy folder between restarts, small enough to save after every import. */
export const MAX_REMEMBERED = 4096;

/** A file's identity for "already imported": where it is, how big, when it last changed. */
export function fileKey(relativePath: string, size: number, mtimeMs: number): string {
  return createHash('sha256')
    .update(`${relativePath}\0${size}\0${Math.trunc(mtimeMs)}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The files a drop folder already handled (imported or rejected), least recently seen first,
 * persisted in the source's checkpoint so a restart does not import them again. Seeing a file
 * again moves it to the end, so files still lying in the folder are the last to be forgotten.
 */
export class ImportedFiles {
  private readonly keys = new Set<string>();

  constructor(private readonly checkpoint: Checkpoint) {
    const saved = checkpoint.load();
    if (!saved) return;
    try {
      const parsed: unknown = JSON.parse(saved);
      const list = (parsed as { files?: unknown }).files;
      if (Array.isArray(list)) for (const key of list) if (typeof key === 'string') this.keys.add(key);
    } catch {
      // An unreadable checkpoint means re-importing; events carry the file key as externalId, so
      // a re-import updates them in place instead of duplicating them.
    }
  }

  /** Whether the key is known; a known key becomes the most recently seen. */
  seen(key: string): boolean {
    if (!this.keys.has(key)) return false;
    this.keys.delete(key);
    this.keys.add(key);
    return true;
  }

  remember(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    for (const oldest of this.keys) {
      if (this.keys.size <= MAX_REMEMBERED) break;
      this.keys.delete(oldest);
    }
  }

  forget(key: string): void {
    this.keys.delete(key);
  }

  save(): void {
    this.checkpoint.save(JSON.stringify({ files: [...this.keys] }));
  }
}
