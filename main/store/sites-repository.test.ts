import { beforeEach, describe, expect, it } from 'vitest';
import { type Scope, type Store } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

describe('sites repository', () => {
  const fx = useTwoTenantStore('sites');
  let store: Store;
  let a: Scope;
  let b: Scope;

  beforeEach(() => {
    ({ store, a, b } = fx);
  });

  const northYard = { name: 'North yard', slug: 'north-yard', timezone: 'Europe/Paris', address: '1 Dock Rd' };

  it('creates a site and reads it back within the tenant, listed by name', () => {
    const site = store.sites.create(a, northYard);
    const depot = store.sites.create(a, { ...northYard, name: 'depot', slug: 'depot' });
    expect(site).toMatchObject({ ...northYard, tenantId: a.tenantId });
    expect(site.createdAt).toBe(site.updatedAt);
    expect(store.sites.get(a, site.id)).toEqual(site);
    expect(store.sites.list(a).map((s) => s.name)).toEqual(['depot', 'North yard']);
    expect(depot.id > site.id).toBe(true);
  });

  it("never shows, lists or updates another tenant's site", () => {
    const site = store.sites.create(a, northYard);
    expect(store.sites.get(b, site.id)).toBeUndefined();
    expect(store.sites.list(b)).toEqual([]);
    expect(store.sites.update(b, site.id, { name: 'Hijacked' })).toBeUndefined();
    expect(store.sites.get(a, site.id)?.name).toBe('North yard');
  });

  it('refuses a slug already used in the tenant, with a conflict naming the slug', () => {
    store.sites.create(a, northYard);
    expect(() => store.sites.create(a, { ...northYard, name: 'Other' })).toThrow(
      expect.objectContaining({
        name: 'OutpostError',
        code: 'conflict',
        message: "A site with slug 'north-yard' already exists in this tenant. Choose another slug.",
      }),
    );
    expect(store.sites.list(a)).toHaveLength(1);
  });

  it('lets two tenants use the same slug', () => {
    store.sites.create(a, northYard);
    expect(store.sites.create(b, northYard).tenantId).toBe(b.tenantId);
  });

  it('updates only the given fields and refuses a slug taken by another site', () => {
    const site = store.sites.create(a, northYard);
    store.sites.create(a, { ...northYard, name: 'Depot', slug: 'depot' });

    const renamed = store.sites.update(a, site.id, { name: 'North yard (old)' });
    expect(renamed).toMatchObject({ name: 'North yard (old)', slug: 'north-yard', address: '1 Dock Rd' });
    expect(renamed!.updatedAt).toBeGreaterThanOrEqual(site.updatedAt);

    expect(() => store.sites.update(a, site.id, { slug: 'depot' })).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining("slug 'depot'") }),
    );
    expect(store.sites.get(a, site.id)?.slug).toBe('north-yard');
    expect(store.sites.update(a, site.id, {})).toEqual(renamed);
    expect(store.sites.update(a, 'no-such-site', { name: 'x' })).toBeUndefined();
  });

  it('rolls back every write of a failed transaction', () => {
    expect(() =>
      store.transaction(() => {
        store.sites.create(a, { ...northYard, slug: 'first' });
        store.sites.create(a, { ...northYard, slug: 'first' });
      }),
    ).toThrow(/already exists/);
    expect(store.sites.list(a)).toEqual([]);
  });
});
