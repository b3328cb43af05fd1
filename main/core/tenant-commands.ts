import { OutpostError, methods, parseOrThrow, type Tenant } from '../contract/index.js';
import { createTenantAdmin } from '../auth/index.js';
import { openStore, type Store } from '../store/index.js';
import { osUser } from './add-user.js';
import { auditDetail } from './audit-detail.js';
import type { Config } from './config.js';

/**
 * `outpost tenant add|list|disable|enable`: the same rules as the `tenants.*` methods, run by
 * whoever holds the server's data folder (the operator at the console, before any admin exists).
 * Each change is written to the tenant's own audit log as `cli.tenant.*`. A running server sees
 * a disabled tenant at once for sign-in and sessions (read from the database on every call); its
 * sources stop and public map cache empties at its next start (`tenants.disable` does both at once).
 */
async function withStore<T>(config: Config, run: (store: Store) => Promise<T> | T): Promise<T> {
  const store = await openStore({ dataDir: config.dataDir, migrate: 'auto' });
  try {
    return await run(store);
  } finally {
    store.close();
  }
}

function audit(store: Store, tenant: Tenant, action: string, input: unknown): void {
  store.audit.write(
    { tenantId: tenant.id },
    {
      actorUserId: null,
      actorEmail: '',
      action,
      targetId: tenant.id,
      detail: auditDetail({ ...(input as object), osUser: osUser() }),
      outcome: 'ok',
      transport: 'cli',
      address: 'cli',
    },
  );
}

export function addTenant(config: Config, input: { slug: string; name: string }): Promise<Tenant> {
  const parsed = parseOrThrow(methods['tenants.create'].input, input, 'tenant');
  return withStore(config, async (store) => {
    store.tenants.ensureDefault();
    const { tenant } = await createTenantAdmin({ store }).create(parsed);
    audit(store, tenant, 'cli.tenant.add', parsed);
    return tenant;
  });
}

export function listTenants(config: Config): Promise<Tenant[]> {
  return withStore(config, (store) => {
    store.tenants.ensureDefault();
    return createTenantAdmin({ store }).list();
  });
}

export function setTenantDisabled(config: Config, slug: string, disabled: boolean): Promise<Tenant> {
  const parsed = parseOrThrow(methods['tenants.disable'].input, { slug }, 'tenant');
  return withStore(config, async (store) => {
    if (!store.tenants.getBySlug(parsed.slug)) {
      const known = store.tenants
        .list()
        .map((t) => t.slug)
        .join(', ');
      throw new OutpostError('not_found', `There is no tenant '${parsed.slug}'. Known tenants: ${known || 'none'}.`);
    }
    const tenant = await createTenantAdmin({ store }).setDisabled(parsed.slug, disabled);
    audit(store, tenant, disabled ? 'cli.tenant.disable' : 'cli.tenant.enable', parsed);
    return tenant;
  });
}
