import { OutpostError, type sitesMethods } from '../contract/index.js';
import { scopeOf, type EventBus, type HandlerTable } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';
import type { SiteRemover } from './site-remover.js';

/** What the sites slice's handlers use. */
export interface SitesHandlerDeps {
  store: Store;
  bus: EventBus;
  /** The one way a site is removed (also the sample site's removal). */
  removeSite: SiteRemover;
}

const notFound = (id: string) => new OutpostError('not_found', `There is no site ${id}. Check the id with sites.list.`);

export function sitesHandlers({ store, bus, removeSite }: SitesHandlerDeps) {
  return {
    'sites.list': (_input, ctx) => ({ sites: store.sites.list(scopeOf(ctx)) }),
    'sites.create': (input, ctx) => {
      const scope = scopeOf(ctx);
      const site = store.sites.create(scope, input);
      bus.publish(scope.tenantId, 'sites.changed', { siteId: site.id, action: 'created' });
      return site;
    },
    'sites.update': (input, ctx) => {
      const scope = scopeOf(ctx);
      const { id, ...patch } = input;
      // Another tenant's site is "not found", never "forbidden": its existence is not revealed.
      const site = store.sites.update(scope, id, patch);
      if (!site) throw notFound(id);
      bus.publish(scope.tenantId, 'sites.changed', { siteId: site.id, action: 'updated' });
      return site;
    },
    'sites.removalImpact': (input, ctx) =>
      store.siteRemoval.impact({ tenantId: scopeOf(ctx).tenantId, siteId: input.id }),
    'sites.remove': async (input, ctx) => {
      const { tenantId } = scopeOf(ctx);
      const site = store.sites.get({ tenantId }, input.id);
      if (!site) throw notFound(input.id);
      if (input.confirmSlug !== site.slug) {
        throw new OutpostError(
          'invalid_input',
          `confirmSlug must repeat the site's slug ('${site.slug}') to remove it.`,
          {
            issues: [{ path: 'confirmSlug', message: `must be '${site.slug}'` }],
          },
        );
      }
      return { removed: await removeSite({ tenantId, siteId: site.id }) };
    },
  } satisfies Pick<HandlerTable, keyof typeof sitesMethods>;
}
