import type { Tenant, tenantsMethods } from '../contract/index.js';
import {
  auditDetail,
  sessionOf,
  type EventBus,
  type HandlerContext,
  type HandlerTable,
  type Logger,
  type Session,
} from '../core/slice-kit/index.js';
import type { Store, TenantRow } from '../store/index.js';
import { createTenantAdmin } from './tenant-admin.js';

/** What other slices do when a tenant is switched off or on (the pipeline stops or restarts its sources). */
export interface TenantLifecycle {
  disabled(tenantId: string): Promise<void>;
  enabled(tenantId: string): Promise<void>;
}

export interface TenantsHandlerDeps {
  store: Store;
  bus: EventBus;
  logger: Logger;
  now: () => number;
  tenantLifecycle: TenantLifecycle;
}

/** `tenants.*`: the installation admin's methods (the dispatcher lets only them call these). */
export function tenantsHandlers({ store, bus, logger, now, tenantLifecycle }: TenantsHandlerDeps) {
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
      await tenantLifecycle.disabled(tenant.id);
      sitesChanged(tenant);
    },
    async enabled(tenant) {
      await tenantLifecycle
        .enabled(tenant.id)
        .catch((err: unknown) =>
          log.warn({ tenantId: tenant.id, err: String(err) }, 'Some of the tenant could not restart; see Settings'),
        );
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
