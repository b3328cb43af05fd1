import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../native/sqlite/index.js';
import { MIGRATIONS } from './known-migrations.js';
import {
  BACKUPS_KEPT,
  DATABASE_FILE,
  LATEST_SCHEMA_VERSION,
  MigrationError,
  backupsDir,
  listBackups,
  migrateDown,
  migrateUp,
  migrationStatus,
  openStore,
  type Store,
} from './index.js';

describe('openStore and migrations', () => {
  let dataDir: string;
  const stores: Store[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-store-'));
  });

  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(options: { migrate?: 'auto' | 'none' } = {}): Promise<Store> {
    const store = await openStore({ dataDir, ...options });
    stores.push(store);
    return store;
  }

  function fileDigest(): string {
    return createHash('sha256')
      .update(readFileSync(join(dataDir, DATABASE_FILE)))
      .digest('hex');
  }

  function backupNames(): string[] {
    const dir = backupsDir(dataDir);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  }

  /** Writes straight to the file, as another program (or a newer Outpost) would. */
  function tamper(sql: string): void {
    const db = openDatabase(join(dataDir, DATABASE_FILE));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  }

  it('creates a new database at the latest schema with the required pragmas, without a backup', async () => {
    const logs: string[] = [];
    const store = await openStore({ dataDir, log: (m) => logs.push(m) });
    stores.push(store);

    expect(store.path).toBe(join(dataDir, DATABASE_FILE));
    const versions = store.versions();
    expect(versions.schema).toBe(LATEST_SCHEMA_VERSION);
    expect(versions.sqlite).toMatch(/^3\./);
    expect(versions.sqliteVec).toBeTruthy();
    expect(backupNames()).toEqual([]);
    expect(logs.some((m) => m.includes('Applied migration 1'))).toBe(true);

    const raw = openDatabase(store.path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    const status = migrationStatus(dataDir);
    expect(status.current).toBe(LATEST_SCHEMA_VERSION);
    expect(status.pending).toEqual([]);
    expect(status.applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('reports every migration pending for a data folder without a database, and creates nothing', () => {
    const status = migrationStatus(dataDir);
    expect(status).toMatchObject({ current: 0, latest: LATEST_SCHEMA_VERSION, applied: [] });
    expect(status.pending.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false);
  });

  it('keeps users and sites when the newest migration is reverted and re-applied', async () => {
    const store = await open();
    const tenant = store.tenants.ensureDefault();
    const scope = { tenantId: tenant.id };
    const user = store.users.create(scope, {
      email: 'ana@example.org',
      name: 'Ana',
      role: 'admin',
      passwordHash: 'hash',
      // Migration 008 makes the earliest admin an installation admin when it runs again.
      installationAdmin: true,
    });
    const site = store.sites.create(scope, { name: 'North yard', slug: 'north-yard', timezone: 'UTC', address: '' });
    store.close();

    const down = await migrateDown(dataDir);
    expect(down.current).toBe(LATEST_SCHEMA_VERSION - 1);
    expect(down.pending.map((m) => m.version)).toEqual([LATEST_SCHEMA_VERSION]);

    const up = await migrateUp(dataDir);
    expect(up.current).toBe(LATEST_SCHEMA_VERSION);

    const reopened = await open();
    expect(reopened.users.get(scope, user.id)).toEqual(user);
    expect(reopened.sites.list(scope)).toEqual([site]);
    expect(reopened.credentials.find(tenant.id, 'ana@example.org')?.passwordHash).toBe('hash');
  });

  it('backs up an existing database before migrating it, and the backup is a usable SQLite file', async () => {
    const store = await open();
    const scope = { tenantId: store.tenants.ensureDefault().id };
    store.sites.create(scope, { name: 'Depot', slug: 'depot', timezone: 'UTC', address: '1 Quay St' });
    store.close();
    await migrateDown(dataDir);
    const before = backupNames();

    const logs: string[] = [];
    stores.push(await openStore({ dataDir, log: (m) => logs.push(m) }));

    const added = backupNames().filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`schema-${LATEST_SCHEMA_VERSION - 1}-before-up\\.sqlite$`));
    expect(logs.some((m) => m.includes('Backed up the database'))).toBe(true);

    const backup = openDatabase(join(backupsDir(dataDir), added[0]!), { readonly: true });
    try {
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(backup.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(
        LATEST_SCHEMA_VERSION - 1,
      );
      expect(backup.prepare('SELECT slug FROM sites').pluck().all()).toEqual(['depot']);
    } finally {
      backup.close();
    }
  });

  it(`keeps only the newest ${BACKUPS_KEPT} backups`, async () => {
    (await open()).close();
    for (let i = 0; i < 4; i++) {
      await migrateDown(dataDir);
      await migrateUp(dataDir);
    }
    const kept = listBackups(backupsDir(dataDir));
    expect(kept).toHaveLength(BACKUPS_KEPT);
    // The newest one is the backup taken right before the last `up`.
    expect(kept[kept.length - 1]).toMatch(/before-up\.sqlite$/);
  });

  it('refuses a database written by a newer Outpost and changes nothing', async () => {
    (await open()).close();
    await migrateDown(dataDir);
    await migrateUp(dataDir);
    tamper("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 0)");
    const digest = fileDigest();
    const backups = backupNames();

    const expected =
      `This database was written by a newer Outpost (schema 999, this program knows up to ${LATEST_SCHEMA_VERSION}). ` +
      `Install the newer version or restore a backup from ${backupsDir(dataDir)}.`;
    await expect(openStore({ dataDir })).rejects.toThrow(expected);
    await expect(openStore({ dataDir, migrate: 'none' })).rejects.toThrow(expected);
    await expect(migrateUp(dataDir)).rejects.toThrow(expected);
    await expect(migrateDown(dataDir)).rejects.toThrow(expected);
    await expect(openStore({ dataDir })).rejects.toBeInstanceOf(MigrationError);

    expect(fileDigest()).toBe(digest);
    expect(backupNames()).toEqual(backups);
    expect(migrationStatus(dataDir).current).toBe(999);
  });

  it('refuses a newer database still in rollback-journal mode without switching it to WAL', async () => {
    (await open()).close();
    tamper(
      "PRAGMA journal_mode = DELETE; INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 0)",
    );
    const digest = fileDigest();

    await expect(openStore({ dataDir })).rejects.toMatchObject({ problem: 'newer-database' });
    expect(fileDigest()).toBe(digest);
    expect(backupNames()).toEqual([]);
  });

  it('refuses a database whose recorded migration differs from this program and changes nothing', async () => {
    (await open()).close();
    tamper("UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 2");
    const digest = fileDigest();

    await expect(openStore({ dataDir })).rejects.toThrow(
      /Migration 2 \(sessions-audit\) in this database differs from the one this program carries/,
    );
    await expect(migrateDown(dataDir)).rejects.toMatchObject({ problem: 'checksum-mismatch' });
    expect(fileDigest()).toBe(digest);
    expect(backupNames()).toEqual([]);
  });

  it('with migrate "none", refuses an out-of-date database and tells the user to run `outpost migrate up`', async () => {
    (await open()).close();
    await migrateDown(dataDir);
    const digest = fileDigest();

    await expect(open({ migrate: 'none' })).rejects.toThrow(/Run `outpost migrate up`/);
    expect(fileDigest()).toBe(digest);
    expect(migrationStatus(dataDir).current).toBe(LATEST_SCHEMA_VERSION - 1);
  });

  it('migrates up to a chosen version and down several steps', async () => {
    expect((await migrateUp(dataDir, { to: 1 })).current).toBe(1);
    expect((await migrateUp(dataDir, { to: 2 })).current).toBe(2);
    await expect(migrateUp(dataDir, { to: LATEST_SCHEMA_VERSION + 1 })).rejects.toMatchObject({
      problem: 'invalid-request',
    });
    expect((await migrateUp(dataDir)).current).toBe(LATEST_SCHEMA_VERSION);

    await expect(migrateDown(dataDir, { steps: LATEST_SCHEMA_VERSION + 1 })).rejects.toThrow(
      new RegExp(`only ${LATEST_SCHEMA_VERSION} are applied`),
    );
    const status = await migrateDown(dataDir, { steps: LATEST_SCHEMA_VERSION - 1 });
    expect(status.current).toBe(1);
    expect(status.pending.map((m) => m.version)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
  });
});
