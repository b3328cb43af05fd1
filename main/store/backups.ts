import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../native/sqlite/index.js';

/** How many backups to keep; older ones are deleted after each new one is complete. */
export const BACKUPS_KEPT = 5;

const BACKUP_NAME = /^outpost-\d{8}T\d{9}Z-.+\.sqlite$/;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

/**
 * Writes an online backup of `db` into `dir` and returns its path. The copy is written under a
 * temporary name and renamed when complete, so a crash mid-backup never leaves a file that
 * looks like a usable backup.
 */
export async function backupDatabase(db: Database, dir: string, label: string): Promise<string> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(
      `Cannot create the backups folder ${dir} (${(err as Error).message}). Free some disk space or fix the folder's permissions, then try again.`,
      { cause: err },
    );
  }
  // Names sort by time; bump the stamp when two backups land in the same millisecond.
  let ms = Date.now();
  let file = join(dir, `outpost-${stamp(ms)}-${label}.sqlite`);
  while (existsSync(file)) file = join(dir, `outpost-${stamp(++ms)}-${label}.sqlite`);

  const partial = `${file}.partial`;
  try {
    await db.backup(partial);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new Error(
      `Backing up the database to ${dir} failed (${(err as Error).message}); nothing was migrated. Free some disk space and try again.`,
      { cause: err },
    );
  }
  pruneBackups(dir);
  return file;
}

/** The backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function pruneBackups(dir: string): void {
  const all = listBackups(dir);
  for (const file of all.slice(0, Math.max(0, all.length - BACKUPS_KEPT))) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}
