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
    expect(user).toMatchObject({ email: 'ana@example.org', role: 'operator', tenantId: a.tenantId, disabledAt: null });
    expect(store.users.get(a, user.id)).toEqual(user);
    expect(store.users.list(a)).toEqual([user]);
    expect(JSON.stringify(store.users.list(a))).not.toContain('scrypt');
  });

  it('finds credentials by email in any letter case, with the hash and tenant', () => {
    const user = store.users.create(a, ana);
    expect(store.credentials.findByEmail('ANA@example.org')).toEqual({
      userId: user.id,
      tenantId: a.tenantId,
      email: 'ana@example.org',
      role: 'operator',
      passwordHash: 'scrypt$ana',
      disabledAt: null,
    });
    expect(store.credentials.findByEmail('nobody@example.org')).toBeUndefined();
  });

  it("never shows or lists another tenant's user", () => {
    const user = store.users.create(a, ana);
    expect(store.users.get(b, user.id)).toBeUndefined();
    expect(store.users.list(b)).toEqual([]);
  });

  it('refuses an email already used in any tenant, with a conflict naming the email', () => {
    store.users.create(a, ana);
    expect(() => store.users.create(b, { ...ana, email: 'ana@example.org' })).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: "A user with email 'ana@example.org' already exists. Choose another email.",
      }),
    );
    expect(store.users.countAll()).toBe(1);
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
