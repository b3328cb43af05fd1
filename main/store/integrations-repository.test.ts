import { beforeEach, describe, expect, it } from 'vitest';
import type { SiteScope, Store } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

const external = {
  url: 'https://bms.example.test/api/points',
  authHeader: { name: 'X-Api-Key', value: 'secret-key' },
  listPath: '$.data.items',
  idField: 'id',
  statusField: 'state',
  pollIntervalSeconds: 30,
  timeoutMs: 5000,
};
const statusMapping = {
  rules: [
    { match: 'FORCED', status: 'alarm' },
    { match: { pattern: '^maint' }, status: 'service' },
  ],
  custom: [{ name: 'service', color: '#1e88e5', label: 'In service' }],
};

describe('integrations repository', () => {
  const fx = useTwoTenantStore('integrations');
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;

  beforeEach(() => {
    store = fx.store;
    a = fx.siteA;
    b = fx.siteB;
  });

  it('answers the internal default, not stored, for a site without an integration', () => {
    expect(store.integrations.get(a)).toEqual({
      siteId: a.siteId,
      kind: 'internal',
      external: null,
      statusMapping: { rules: [], custom: [] },
      offlineAfterMinutes: 10,
      updatedAt: null,
    });
    expect(store.integrations.listInTenant(fx.a)).toEqual([]);
  });

  it('stores, replaces and lists an integration with its secret intact', () => {
    const saved = store.integrations.set(a, { kind: 'external', external, statusMapping, offlineAfterMinutes: 5 });
    expect(saved).toEqual({
      siteId: a.siteId,
      kind: 'external',
      external,
      statusMapping,
      offlineAfterMinutes: 5,
      updatedAt: expect.any(Number),
    });
    expect(store.integrations.get(a)).toEqual(saved);

    const internal = store.integrations.set(a, {
      kind: 'internal',
      external: null,
      statusMapping: { rules: [], custom: [] },
      offlineAfterMinutes: 15,
    });
    expect(store.integrations.get(a)).toEqual(internal);
    expect(store.integrations.listInTenant(fx.a)).toEqual([{ ...internal, tenantId: a.tenantId }]);
  });

  it("never reads or writes another tenant's integration", () => {
    const saved = store.integrations.set(a, { kind: 'external', external, statusMapping, offlineAfterMinutes: 5 });
    const intruder = { tenantId: b.tenantId, siteId: a.siteId };

    expect(store.integrations.get(intruder).kind).toBe('internal');
    expect(store.integrations.listInTenant(fx.b)).toEqual([]);
    expect(() =>
      store.integrations.set(intruder, { kind: 'internal', external: null, statusMapping, offlineAfterMinutes: 1 }),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(store.integrations.get(a)).toEqual(saved);
  });
});
