import type { tenantsMethods } from '../../contract/index.js';
import { createTenantAdmin } from '../../auth/index.js';
import type { Tenant } from '../../contract/index.js';
import type { TenantRow } from '../../store/index.js';
import type { Session } from '../core-types.js';
import { auditDetail } from '../audit-detail.js';
import { sessionOf, type HandlerContext, type HandlerDeps, type HandlerTable } from '../handler-types.js';

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
  // The dispatcher audits the call in the installation admin's own tenant; the tenant changed gets
  // a line of its own, so its admins see who disabled or enabled it.
  const auditInTenant = (tenant: Tenant, action: string, session: Session, ctx: HandlerContext): Tenant => {
    store.audit.write(
      { tenantId: tenant.id },
      {
        actorUserId: null,
        actorEmail: `${session.email} (installation admin)`,
        action,
        targetId: tenant.id,
        detail: auditDetail({ slug: tenant.slug }),
        outcome: 'ok',
        transport: ctx.call.transport,
        address: ctx.call.address,
      },
    );
    return tenant;
  };
  return {
    'tenants.list': () => ({ tenants: admin.list() }),
    'tenants.create': (input) => admin.create(input),
    'tenants.disable': async (input, ctx) => {
      const session = sessionOf(ctx);
      return auditInTenant(
        await admin.setDisabled(input.slug, true, session.tenantId),
        'tenants.disable',
        session,
        ctx,
      );
    },
    'tenants.enable': async (input, ctx) =>
      auditInTenant(await admin.setDisabled(input.slug, false), 'tenants.enable', sessionOf(ctx), ctx),
  } satisfies Pick<HandlerTable, keyof typeof tenantsMethods>;
}
