import { OutpostError, type SiteRemovalImpact } from '../contract/index.js';
import type { EventBus } from '../core/slice-kit/index.js';
import type { SiteScope, Store } from '../store/index.js';

/** What other slices do around a site's removal (the pipeline stops its sources and forgets its groups). */
export interface SiteLifecycle {
  /** Before the rows go: nothing may write to the site any more. */
  removing(scope: SiteScope): Promise<void>;
  /** After they went: in-memory state of the site (indexes, caches) is dropped. */
  removed(scope: SiteScope, groupIds: readonly string[]): void;
  /** The removal failed after `removing`: the site runs again as before. */
  kept(scope: SiteScope): Promise<void>;
}

export type SiteRemover = (scope: SiteScope) => Promise<SiteRemovalImpact>;

/**
 * Removes a site with everything that belongs to it (the store's one transaction), stopping what
 * writes to it first and dropping what other slices keep of it in memory afterwards. Refused,
 * with the site left running, while it has tunnel interfaces.
 */
export function createSiteRemover(deps: {
  store: Pick<Store, 'siteRemoval'>;
  bus: EventBus;
  lifecycle: SiteLifecycle;
}): SiteRemover {
  const { store, bus, lifecycle } = deps;
  return async (scope) => {
    // Checked before the sources stop, so a refusal leaves the site running as it was.
    const blocking = store.siteRemoval.impact(scope).tunnelInterfaces;
    if (blocking.length > 0) {
      throw new OutpostError(
        'conflict',
        `The site still has the tunnel interface ${blocking.join(', ')}. Remove it in Settings → Tunnels first: it holds keys and may be running.`,
      );
    }
    await lifecycle.removing(scope);
    let result;
    try {
      result = store.siteRemoval.remove(scope);
    } catch (err) {
      await lifecycle.kept(scope);
      throw err;
    }
    lifecycle.removed(scope, result.groupIds);
    bus.publish(scope.tenantId, 'sites.changed', { siteId: scope.siteId, action: 'deleted' });
    return result.impact;
  };
}
