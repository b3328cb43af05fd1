import { beforeEach, describe, expect, it } from 'vitest';
import { type Scope, type Store } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

describe('users and credentials repositories', () => {
  const fx = useTwoTenantStore('users');
  let store: Store;
  let a: Scope;
  let b: Scope;

  beforeEach(() => {
    ({ store, a, b } = fx);
  });

  const ana = { email: '  Ana@Example.ORG ', name: 'Ana', role: 'operator' as const, passwordHash: 'scrypt$ana' };

  it('stores the email lower-case and never returns the password hash from get or list', () => {
    const user = store.users.create(a, ana);
    expect(user).toMatchObject({
      email: 'ana@example.org',
      role: 'operator',
      tenantId: a.tenantId,
      disabledAt: null,
      installationAdmin: false,
    });
    expect(store.users.get(a, user.id)).toEqual(user);
    expect(store.users.list(a)).toEqual([user]);
    expect(JSON.stringify(store.users.list(a))).not.toContain('scrypt');
  });

  it('finds credentials by tenant and email in any letter case, with the hash', () => {
    const user = store.users.create(a, ana);
    expect(store.credentials.find(a.tenantId, 'ANA@example.org')).toEqual({
      userId: user.id,
      tenantId: a.tenantId,
      email: 'ana@example.org',
      role: 'operator',
      passwordHash: 'scrypt$ana',
      disabledAt: null,
    });
    expect(store.credentials.find(a.tenantId, 'nobody@example.org')).toBeUndefined();
    expect(store.credentials.find(b.tenantId, 'ana@example.org')).toBeUndefined();
  });

  it("never shows or lists another tenant's user", () => {
    const user = store.users.create(a, ana);
    expect(store.users.get(b, user.id)).toBeUndefined();
    expect(store.users.list(b)).toEqual([]);
  });

  it('refuses an email already used in the same tenant, and allows it in another (each its own account)', () => {
    const inA = store.users.create(a, ana);
    expect(() => store.users.create(a, { ...ana, email: 'ana@example.org' })).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: "A user with email 'ana@example.org' already exists in this tenant. Choose another email.",
      }),
    );
    const inB = store.users.create(b, { ...ana, passwordHash: 'scrypt$other' });
    expect(inB.id).not.toBe(inA.id);
    expect(store.credentials.find(a.tenantId, ana.email)?.passwordHash).toBe('scrypt$ana');
    expect(store.credentials.find(b.tenantId, ana.email)?.passwordHash).toBe('scrypt$other');
    expect(store.users.countAll()).toBe(2);
  });

  it('counts enabled installation admins across tenants', () => {
    expect(store.users.countInstallationAdmins()).toBe(0);
    store.users.create(a, { ...ana, role: 'admin', installationAdmin: true });
    store.users.create(b, { ...ana, role: 'admin' });
    expect(store.users.countInstallationAdmins()).toBe(1);
  });

  it('ends every live session of one tenant and none of another', () => {
    const inA = store.users.create(a, ana);
    const inB = store.users.create(b, ana);
    const session = { expiresAt: Date.now() + 60_000, address: '127.0.0.1', userAgent: 'test' };
    const sa = store.sessions.create(a, { ...session, userId: inA.id });
    const sb = store.sessions.create(b, { ...session, userId: inB.id });
    expect(store.sessions.revokeAll(a)).toBe(1);
    expect(store.sessions.get(a, sa.id)?.revokedAt).not.toBeNull();
    expect(store.sessions.get(b, sb.id)?.revokedAt).toBeNull();
  });

  it('refuses a role that does not exist and a tenant that does not exist', () => {
    expect(() => store.users.create(a, { ...ana, role: 'root' as never })).toThrow(/CHECK constraint/);
    expect(() => store.users.create({ tenantId: 'nope' }, ana)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(store.users.countAll()).toBe(0);
  });

  it('counts users across all tenants', () => {
    store.users.create(a, ana);
    store.users.create(b, { ...ana, email: 'bo@example.org' });
    expect(store.users.countAll()).toBe(2);
  });
});
