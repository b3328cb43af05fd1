import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Scope, type SiteScope, type Store } from '../index.js';

export interface TwoTenantStore {
  dataDir: string;
  store: Store;
  /** Tenant `acme`. */
  a: Scope;
  /** Tenant `globex`: the other tenant, whose rows `a` must never see. */
  b: Scope;
  /** Each tenant's `default` site, created on first use, for repositories whose rows belong to a site. */
  readonly siteA: SiteScope;
  readonly siteB: SiteScope;
}

/**
 * A fresh store in a temporary folder for every test, with two tenants; closed and removed after
 * each test even when it fails. The fields are filled in before each test runs.
 */
export function useTwoTenantStore(name: string): TwoTenantStore {
  const defaultSite = (scope: Scope): SiteScope => ({
    tenantId: scope.tenantId,
    siteId: fx.store.sites.ensureDefault(scope).id,
  });
  // Getters, not fields: tests that count or list sites must not find default sites they never made.
  const fx = {
    get siteA() {
      return defaultSite(fx.a);
    },
    get siteB() {
      return defaultSite(fx.b);
    },
  } as TwoTenantStore;
  beforeEach(async () => {
    fx.dataDir = mkdtempSync(join(tmpdir(), `outpost-${name}-`));
    fx.store = await openStore({ dataDir: fx.dataDir });
    fx.a = { tenantId: fx.store.tenants.create({ slug: 'acme', name: 'Acme' }).id };
    fx.b = { tenantId: fx.store.tenants.create({ slug: 'globex', name: 'Globex' }).id };
  });
  afterEach(() => {
    fx.store?.close();
    rmSync(fx.dataDir, { recursive: true, force: true });
  });
  return fx;
}
