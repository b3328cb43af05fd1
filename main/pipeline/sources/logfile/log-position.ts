import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Checkpoint } from '../source-types.js';

/**
 * Where the tail stands: which file (by inode, so a rename is noticed), how far it has been read
 * into events, and the size seen at the last poll (unchanged size = the writer paused, so the
 * last record is complete).
 */
export interface LogPosition {
  ino: string;
  offset: number;
  seenSize?: number;
}

export function loadPosition(checkpoint: Checkpoint): LogPosition | undefined {
  const saved = checkpoint.load();
  if (!saved) return undefined;
  try {
    const value = JSON.parse(saved) as Partial<LogPosition>;
    if (typeof value.ino === 'string' && typeof value.offset === 'number' && value.offset >= 0) {
      return {
        ino: value.ino,
        offset: value.offset,
        ...(typeof value.seenSize === 'number' ? { seenSize: value.seenSize } : {}),
      };
    }
  } catch {
    // Unreadable: start over as on a first start.
  }
  return undefined;
}

export function savePosition(checkpoint: Checkpoint, position: LogPosition): void {
  checkpoint.save(JSON.stringify(position));
}

export interface FileState {
  path: string;
  ino: string;
  size: number;
}

/** The file at `path` now, or undefined when there is none (between a rename and the re-create). */
export async function fileState(path: string): Promise<FileState | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    if (!info.isFile()) return undefined;
    return { path, ino: info.ino.toString(), size: Number(info.size) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The rotated-away file with inode `ino`: rotation renames `app.log` to `app.log.1` (or
 * `app.log-20240501`) in the same folder. Renames keep the inode, so it is found by inode, not
 * by guessing the rotation tool's naming scheme.
 */
export async function findRotated(path: string, ino: string): Promise<FileState | undefined> {
  const folder = dirname(path);
  for (const name of await readdir(folder)) {
    const candidate = join(folder, name);
    if (candidate === path) continue;
    const state = await fileState(candidate).catch(() => undefined);
    if (state?.ino === ino) return state;
  }
  return undefined;
}
