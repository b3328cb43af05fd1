import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../native/sqlite/index.js';
import { LATEST_SCHEMA_VERSION, databasePath, migrateDown, migrateUp, openStore } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

describe('migration 008 (tenant accounts)', () => {
  const fx = useTwoTenantStore('tenant-accounts-migration');
  const user = (email: string, role: 'admin' | 'viewer') => ({ email, name: '', role, passwordHash: `hash-${email}` });

  it('keeps every user and session, makes the earliest admin an installation admin, and scopes emails to tenants', async () => {
    // Written as schema 7 would: no flags yet, emails unique across the installation.
    fx.store.close();
    expect((await migrateDown(fx.dataDir, { steps: LATEST_SCHEMA_VERSION - 7 })).current).toBe(7);
    const db = openDatabase(databasePath(fx.dataDir));
    const insert = db.prepare(
      `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, '', ?, 'h', ?)`,
    );
    insert.run('01HZZZZZZZZZZZZZZZZZZZZZZ1', fx.a.tenantId, 'viewer@a.example', 'viewer', 1);
    insert.run('01HZZZZZZZZZZZZZZZZZZZZZZ2', fx.a.tenantId, 'first@a.example', 'admin', 2);
    insert.run('01HZZZZZZZZZZZZZZZZZZZZZZ3', fx.b.tenantId, 'second@b.example', 'admin', 3);
    db.prepare(
      `INSERT INTO sessions (id, tenant_id, user_id, created_at, expires_at, address, user_agent) VALUES ('01HZZZZZZZZZZZZZZZZZZZZZZ4', ?, '01HZZZZZZZZZZZZZZZZZZZZZZ2', 1, 9999999999999, 'a', 'b')`,
    ).run(fx.a.tenantId);
    db.close();

    expect((await migrateUp(fx.dataDir)).current).toBe(LATEST_SCHEMA_VERSION);
    fx.store = await openStore({ dataDir: fx.dataDir });
    const flags = [...fx.store.users.list(fx.a), ...fx.store.users.list(fx.b)].map((u) => [
      u.email,
      u.installationAdmin,
    ]);
    expect(flags).toEqual([
      ['first@a.example', true],
      ['viewer@a.example', false],
      ['second@b.example', false],
    ]);
    expect(fx.store.sessions.get(fx.a, '01HZZZZZZZZZZZZZZZZZZZZZZ4')?.userId).toBe('01HZZZZZZZZZZZZZZZZZZZZZZ2');
    expect(fx.store.tenants.get(fx.a.tenantId)?.disabledAt).toBeNull();
    // The same email may now exist once per tenant.
    fx.store.users.create(fx.b, user('first@a.example', 'viewer'));
    expect(fx.store.credentials.find(fx.b.tenantId, 'first@a.example')?.role).toBe('viewer');
  });

  it('goes down again while emails are unique across tenants, and refuses (changing nothing) when they are not', async () => {
    fx.store.users.create(fx.a, user('ana@example.org', 'admin'));
    fx.store.users.create(fx.b, user('ana@example.org', 'viewer'));
    fx.store.close();
    await expect(migrateDown(fx.dataDir, { steps: LATEST_SCHEMA_VERSION - 7 })).rejects.toThrow(/UNIQUE/);
    fx.store = await openStore({ dataDir: fx.dataDir });
    expect(fx.store.versions().schema).toBe(LATEST_SCHEMA_VERSION);
    const [inB] = fx.store.users.list(fx.b);
    expect(inB?.email).toBe('ana@example.org');
  });
});
