import type { Database } from '../../native/sqlite/index.js';
import { backupDatabase } from './backups.js';
import { checksumOf, type Migration } from './migration.js';
import { MigrationError } from './migration-error.js';
import type { MigrationInfo, MigrationStatus } from './types.js';

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: number;
}

export interface RunnerContext {
  db: Database;
  migrations: readonly Migration[];
  backupsDir: string;
  log: (message: string) => void;
}

const CREATE_HISTORY = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`;

/** The migrations recorded in the database, oldest first; none for a database Outpost never migrated. */
export function readApplied(db: Database): AppliedMigration[] {
  const hasHistory = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!hasHistory) return [];
  return db
    .prepare<[], AppliedMigration>(
      'SELECT version, name, checksum, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
    )
    .all();
}

/**
 * Refuses a database this program must not touch: one migrated by a newer Outpost, or one whose
 * recorded migration differs from the one this program carries. Throws before anything is written.
 */
export function assertCompatible(
  applied: readonly AppliedMigration[],
  migrations: readonly Migration[],
  backupsDir: string,
): void {
  const latest = migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
  const newest = applied.length === 0 ? 0 : Math.max(...applied.map((m) => m.version));
  if (newest > latest) {
    throw new MigrationError(
      'newer-database',
      `This database was written by a newer Outpost (schema ${newest}, this program knows up to ${latest}). ` +
        `Install the newer version or restore a backup from ${backupsDir}.`,
    );
  }
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const migration = known.get(row.version);
    if (!migration) {
      throw new MigrationError(
        'checksum-mismatch',
        `This database records migration ${row.version} (${row.name}), which this program does not have. ` +
          `It was written by a different build of Outpost: install that build or restore a backup from ${backupsDir}.`,
      );
    }
    const expected = checksumOf(migration);
    if (row.checksum !== expected) {
      throw new MigrationError(
        'checksum-mismatch',
        `Migration ${row.version} (${row.name}) in this database differs from the one this program carries ` +
          `(checksum ${row.checksum.slice(0, 12)}… instead of ${expected.slice(0, 12)}…). ` +
          `The database was migrated by a different build of Outpost: install that build or restore a backup from ${backupsDir}.`,
      );
    }
  }
}

export function migrationStatusOf(
  applied: readonly AppliedMigration[],
  migrations: readonly Migration[],
): MigrationStatus {
  const done = new Set(applied.map((m) => m.version));
  const pending: MigrationInfo[] = migrations
    .filter((m) => !done.has(m.version))
    .map((m) => ({ version: m.version, name: m.name, checksum: checksumOf(m), appliedAt: null }));
  return {
    current: applied.length === 0 ? 0 : Math.max(...applied.map((m) => m.version)),
    latest: migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version)),
    applied: applied.map((m) => ({ ...m })),
    pending,
  };
}

function hasContent(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined;
}

/**
 * Runs one migration step in its own transaction. Foreign keys are switched off for the step
 * (SQLite's recipe for table rebuilds) and checked before commit, so a step can never leave
 * dangling references behind.
 */
function runStep(db: Database, sql: string, record: () => void, what: string): void {
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.exec(sql);
      const dangling = db.pragma('foreign_key_check') as { table: string }[];
      if (dangling.length > 0) {
        throw new MigrationError(
          'foreign-key-violation',
          `${what} would leave ${dangling.length} row(s) in ${dangling[0]!.table} pointing at rows that do not exist; ` +
            'it was rolled back and the database is unchanged.',
        );
      }
      record();
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/**
 * Applies the pending migrations (up to and including `to`), each in its own transaction, after
 * an online backup when the database already holds anything. Returns the versions applied.
 */
export async function applyPending(ctx: RunnerContext, options: { to?: number } = {}): Promise<number[]> {
  const { db, migrations, backupsDir, log } = ctx;
  const applied = readApplied(db);
  assertCompatible(applied, migrations, backupsDir);
  const status = migrationStatusOf(applied, migrations);
  const target = options.to ?? status.latest;
  if (!Number.isInteger(target) || target < 0 || target > status.latest) {
    throw new MigrationError(
      'invalid-request',
      `Cannot migrate to schema ${target}: this program knows schemas 0 to ${status.latest}.`,
    );
  }
  if (target < status.current) {
    throw new MigrationError(
      'invalid-request',
      `The database is already at schema ${status.current}, past ${target}. Use \`outpost migrate down\` to go back.`,
    );
  }
  const steps = migrations
    .filter((m) => m.version <= target && !applied.some((a) => a.version === m.version))
    .sort((a, b) => a.version - b.version);
  if (steps.length === 0) return [];

  if (hasContent(db)) {
    const file = await backupDatabase(db, backupsDir, `schema-${status.current}-before-up`);
    log(`Backed up the database to ${file} before migrating.`);
  }
  db.exec(CREATE_HISTORY);
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of steps) {
    const label = `migration ${m.version} (${m.name})`;
    runStep(db, m.up, () => insert.run(m.version, m.name, checksumOf(m), Date.now()), `Applying ${label}`);
    log(`Applied ${label}.`);
  }
  return steps.map((m) => m.version);
}

/**
 * Reverts the newest `steps` applied migrations, newest first, each in its own transaction,
 * after an online backup. Returns the versions reverted.
 */
export async function revertNewest(ctx: RunnerContext, options: { steps?: number } = {}): Promise<number[]> {
  const { db, migrations, backupsDir, log } = ctx;
  const applied = readApplied(db);
  assertCompatible(applied, migrations, backupsDir);
  const count = options.steps ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw new MigrationError(
      'invalid-request',
      `Cannot revert ${count} migrations: give a whole number of at least 1.`,
    );
  }
  if (count > applied.length) {
    throw new MigrationError(
      'invalid-request',
      `Cannot revert ${count} migration(s): only ${applied.length} ${applied.length === 1 ? 'is' : 'are'} applied.`,
    );
  }
  const known = new Map(migrations.map((m) => [m.version, m]));
  const steps = applied
    .slice()
    .sort((a, b) => b.version - a.version)
    .slice(0, count)
    .map((a) => known.get(a.version)!);

  const current = applied[applied.length - 1]!.version;
  const file = await backupDatabase(db, backupsDir, `schema-${current}-before-down`);
  log(`Backed up the database to ${file} before reverting.`);
  const remove = db.prepare('DELETE FROM schema_migrations WHERE version = ?');
  for (const m of steps) {
    const label = `migration ${m.version} (${m.name})`;
    runStep(db, m.down, () => remove.run(m.version), `Reverting ${label}`);
    log(`Reverted ${label}.`);
  }
  return steps.map((m) => m.version);
}
