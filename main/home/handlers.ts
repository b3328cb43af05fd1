import { OutpostError, type homeMethods } from '../contract/index.js';
import { scopeOf, sessionOf, type HandlerTable } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';
import type { HomeCache } from './home-cache.js';

/** What the Home slice's handlers use. */
export interface HomeHandlerDeps {
  cache: HomeCache;
  store: Pick<Store, 'users'>;
}

export function homeHandlers({ cache, store }: HomeHandlerDeps) {
  return {
    'home.get': (_input, ctx) => cache.get(sessionOf(ctx)),
    'home.markVisited': (_input, ctx) => cache.markVisited(sessionOf(ctx)),
    'home.cacheStats': (_input, ctx) => cache.stats(scopeOf(ctx).tenantId),
    'home.invalidate': (input, ctx) => {
      const { tenantId } = scopeOf(ctx);
      // Another tenant's user is "not found", as everywhere: their existence is not revealed.
      if (input.userId !== undefined && !store.users.get({ tenantId }, input.userId)) {
        throw new OutpostError('not_found', `There is no user ${input.userId} in your organisation.`);
      }
      return { invalidated: cache.invalidate(tenantId, input.userId) };
    },
  } satisfies Pick<HandlerTable, keyof typeof homeMethods>;
}
