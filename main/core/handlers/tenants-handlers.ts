import type { tenantsMethods } from '../../contract/index.js';
import { createTenantAdmin } from '../../auth/index.js';
import type { TenantRow } from '../../store/index.js';
import { sessionOf, type HandlerDeps, type HandlerTable } from '../handler-types.js';

/** `tenants.*`: the installation admin's methods (the dispatcher lets only them call these). */
export function tenantsHandlers({ store, bus, pipeline, logger, now }: HandlerDeps) {
  const log = logger.child({ module: 'tenants' });
  // Every site of the tenant changed availability: this also drops their cached public answers.
  const sitesChanged = (tenant: TenantRow) => {
    for (const site of store.sites.list({ tenantId: tenant.id })) {
      bus.publish(tenant.id, 'sites.changed', { siteId: site.id, action: 'updated' });
    }
  };
  const admin = createTenantAdmin({
    store,
    now,
    async disabled(tenant) {
      for (const source of store.sources.list({ tenantId: tenant.id })) await pipeline.supervisor.stop(source.id);
      sitesChanged(tenant);
    },
    async enabled(tenant) {
      for (const source of store.sources.list({ tenantId: tenant.id })) {
        if (!source.enabled) continue;
        await pipeline
          .startSource(source)
          .catch((err: unknown) =>
            log.warn({ sourceId: source.id, err: String(err) }, 'A source could not start; see its health in Settings'),
          );
      }
      sitesChanged(tenant);
    },
  });
  return {
    'tenants.list': () => ({ tenants: admin.list() }),
    'tenants.create': (input) => admin.create(input),
    'tenants.disable': (input, ctx) => admin.setDisabled(input.slug, true, sessionOf(ctx).tenantId),
    'tenants.enable': (input) => admin.setDisabled(input.slug, false),
  } satisfies Pick<HandlerTable, keyof typeof tenantsMethods>;
}
