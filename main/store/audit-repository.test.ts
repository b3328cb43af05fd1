import { beforeEach, describe, expect, it } from 'vitest';
import { type Scope, type Store } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

describe('audit repository', () => {
  const fx = useTwoTenantStore('audit');
  let store: Store;
  let a: Scope;
  let b: Scope;

  beforeEach(() => {
    ({ store, a, b } = fx);
  });

  const entry = {
    actorUserId: null,
    actorEmail: 'ana@example.org',
    action: 'sites.create',
    targetId: null,
    detail: '{"slug":"north-yard"}',
    outcome: 'ok' as const,
    transport: 'http',
    address: '10.0.0.5',
  };

  it('writes entries and lists them newest first, within the tenant only', () => {
    const older = store.audit.write(a, { ...entry, action: 'auth.login', at: 1_000 });
    const newer = store.audit.write(a, { ...entry, action: 'sites.create', at: 2_000 });
    const sameMs = store.audit.write(a, { ...entry, action: 'sites.update', at: 2_000 });
    store.audit.write(b, { ...entry, action: 'users.create' });

    expect(store.audit.list(a).map((e) => e.action)).toEqual(['sites.update', 'sites.create', 'auth.login']);
    expect(store.audit.list(a)[0]).toEqual(sameMs);
    expect(store.audit.list(b).map((e) => e.action)).toEqual(['users.create']);
    expect(store.audit.list(a, { before: 2_000 })).toEqual([older]);
    expect(store.audit.list(a, { limit: 1 })).toEqual([sameMs]);
    expect(newer.tenantId).toBe(a.tenantId);
  });

  it('stamps entries with the current time when none is given', () => {
    const before = Date.now();
    const written = store.audit.write(a, entry);
    expect(written.at).toBeGreaterThanOrEqual(before);
    expect(store.audit.list(a)).toEqual([written]);
  });

  it('refuses a detail that is not JSON and stores nothing', () => {
    expect(() => store.audit.write(a, { ...entry, detail: 'not json' })).toThrow(/CHECK constraint/);
    expect(store.audit.list(a)).toEqual([]);
  });
});
