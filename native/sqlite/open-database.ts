import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';

export type Database = BetterSqlite3.Database;
export type Statement<Params extends unknown[] = unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

export interface OpenDatabaseOptions {
  /** Opens an existing file without writing to it (no journal-mode change, no folder creation). */
  readonly?: boolean;
  /**
   * `process` (the default): a commit survives the process dying (`synchronous=NORMAL`; under WAL the
   * log is synced at checkpoints). `power`: it also survives a power cut or an OS crash
   * (`synchronous=FULL`: the log is synced at every commit, one fsync per transaction).
   */
  durability?: Durability;
}

export type Durability = 'process' | 'power';

/**
 * Opens (creating when needed) the SQLite file with the settings every Outpost connection uses:
 * WAL so readers never block the writer, `synchronous=NORMAL` (durable across process crashes;
 * FULL with `durability: 'power'`), foreign keys on, and a busy timeout so a second process waits
 * instead of failing. sqlite-vec is loaded so `vec0` tables work on every connection.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  // `:memory:` is SQLite's name for a private in-memory database, not a file: resolving it would
  // quietly create a file called ":memory:" in the working folder.
  const inMemory = file === ':memory:';
  const path = inMemory ? file : resolve(file);
  const readonly = options.readonly === true;
  if (!readonly && !inMemory) {
    const folder = dirname(path);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (err) {
      throw new Error(
        `Cannot create the folder ${folder} for the database (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
          'Check that the data folder is on a writable disk and that you have permission to write there, or choose another data folder.',
        { cause: err },
      );
    }
  }

  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw new Error(
      `Cannot open the database ${path}: ${(err as Error).message}. ` +
        (readonly
          ? 'Check that the file exists and is readable.'
          : 'Check that the file and its folder are writable by you.'),
      { cause: err },
    );
  }

  try {
    // Reading the schema forces SQLite to parse the header: a file that is not a database fails here.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(options.durability === 'power' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new Error(
        `${path} is not an SQLite database (or it is damaged). ` +
          'Move the file aside and start again, or restore a backup from the backups folder next to it.',
        { cause: err },
      );
    }
    throw new Error(`Cannot open the database ${path}: ${(err as Error).message}.`, { cause: err });
  }

  try {
    sqliteVec.load(db);
  } catch (err) {
    db.close();
    throw new Error(
      `Cannot load the sqlite-vec extension (${(err as Error).message}). ` +
        'The sqlite-vec package for this platform is missing; reinstall Outpost.',
      { cause: err },
    );
  }
  return db;
}

/** Versions of the SQLite library and the sqlite-vec extension behind this connection. */
export function sqliteVersions(db: Database): { sqlite: string; sqliteVec: string } {
  const row = db
    .prepare<[], { sqlite: string; vec: string }>('SELECT sqlite_version() AS sqlite, vec_version() AS vec')
    .get();
  if (!row) throw new Error('SQLite did not report its version.');
  return { sqlite: row.sqlite, sqliteVec: row.vec };
}
