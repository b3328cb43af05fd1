import { existsSync } from 'node:fs';
import { openDatabase, type Database, type Durability, type StatementTimingHooks } from '../../native/sqlite/index.js';
import { MIGRATIONS } from './known-migrations.js';
import { MigrationError } from './migration-error.js';
import {
  applyPending,
  assertCompatible,
  migrationStatusOf,
  readApplied,
  revertNewest,
  type RunnerContext,
} from './migration-runner.js';
import { createSqliteStore } from './sqlite-store.js';
import { backupsDir, databasePath } from './store-paths.js';
import type { MigrationStatus, Store } from './types.js';

export interface OpenStoreOptions {
  dataDir: string;
  /** `auto` applies pending migrations (after a backup); `none` refuses an out-of-date database. */
  migrate?: 'auto' | 'none';
  log?: (message: string) => void;
  /** Reports every statement's run time (the Core's SQL histogram and slow-statement log). */
  statementTiming?: StatementTimingHooks;
  /** What a commit must survive: the process dying (default) or the power going (native/sqlite). */
  durability?: Durability;
}

export interface MigrateOptions {
  log?: (message: string) => void;
}

const quiet = (): void => {};

/**
 * Reads the migration history through a read-only connection and refuses an incompatible
 * database before the read-write open, which could otherwise change the file (switching it to WAL).
 */
function refuseIncompatible(dataDir: string): void {
  const file = databasePath(dataDir);
  if (!existsSync(file)) return;
  const db = openDatabase(file, { readonly: true });
  try {
    assertCompatible(readApplied(db), MIGRATIONS, backupsDir(dataDir));
  } finally {
    db.close();
  }
}

function openChecked(dataDir: string, durability?: Durability): Database {
  refuseIncompatible(dataDir);
  return openDatabase(databasePath(dataDir), durability ? { durability } : {});
}

function context(db: Database, dataDir: string, log: (message: string) => void): RunnerContext {
  return { db, migrations: MIGRATIONS, backupsDir: backupsDir(dataDir), log };
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { dataDir, migrate = 'auto', log = quiet } = options;
  const db = openChecked(dataDir, options.durability);
  try {
    const applied = readApplied(db);
    assertCompatible(applied, MIGRATIONS, backupsDir(dataDir));
    const status = migrationStatusOf(applied, MIGRATIONS);
    if (status.pending.length > 0) {
      if (migrate === 'none') {
        throw new MigrationError(
          'migrations-pending',
          `The database ${databasePath(dataDir)} is at schema ${status.current}; this program needs schema ${status.latest}. ` +
            'Run `outpost migrate up` (it backs the database up first), then start Outpost again.',
        );
      }
      await applyPending(context(db, dataDir, log));
    }
    return createSqliteStore(db, databasePath(dataDir), options.statementTiming);
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Where the database stands; reads only, and creates nothing when there is no database yet. */
export function migrationStatus(dataDir: string): MigrationStatus {
  const file = databasePath(dataDir);
  if (!existsSync(file)) return migrationStatusOf([], MIGRATIONS);
  const db = openDatabase(file, { readonly: true });
  try {
    return migrationStatusOf(readApplied(db), MIGRATIONS);
  } finally {
    db.close();
  }
}

async function withDatabase(dataDir: string, run: (db: Database) => Promise<unknown>): Promise<MigrationStatus> {
  const db = openChecked(dataDir);
  try {
    await run(db);
    return migrationStatusOf(readApplied(db), MIGRATIONS);
  } finally {
    db.close();
  }
}

/** Applies pending migrations up to `to` (default: all), after a backup. */
export function migrateUp(dataDir: string, options: { to?: number } & MigrateOptions = {}): Promise<MigrationStatus> {
  return withDatabase(dataDir, (db) => applyPending(context(db, dataDir, options.log ?? quiet), options));
}

/** Reverts the newest `steps` migrations (default 1), after a backup. */
export function migrateDown(
  dataDir: string,
  options: { steps?: number } & MigrateOptions = {},
): Promise<MigrationStatus> {
  return withDatabase(dataDir, (db) => revertNewest(context(db, dataDir, options.log ?? quiet), options));
}
