import { OutpostError, type sitesMethods } from '../contract/index.js';
import { scopeOf, type EventBus, type HandlerTable } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';

/** What the sites slice's handlers use. */
export interface SitesHandlerDeps {
  store: Store;
  bus: EventBus;
}

export function sitesHandlers({ store, bus }: SitesHandlerDeps) {
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
      if (!site) throw new OutpostError('not_found', `There is no site ${id}. Check the id with sites.list.`);
      bus.publish(scope.tenantId, 'sites.changed', { siteId: site.id, action: 'updated' });
      return site;
    },
  } satisfies Pick<HandlerTable, keyof typeof sitesMethods>;
}
