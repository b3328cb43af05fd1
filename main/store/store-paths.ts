import { join, resolve } from 'node:path';

/** The one SQLite file of an installation, inside the data folder. */
export const DATABASE_FILE = 'outpost.sqlite';
export const BACKUPS_FOLDER = 'backups';

export function databasePath(dataDir: string): string {
  return resolve(dataDir, DATABASE_FILE);
}

export function backupsDir(dataDir: string): string {
  return join(resolve(dataDir), BACKUPS_FOLDER);
}
