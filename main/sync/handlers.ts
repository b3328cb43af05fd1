import type { syncMethods } from '../contract/index.js';
import type { HandlerTable } from '../core/slice-kit/index.js';
import { scopeOf, sessionOf } from '../core/slice-kit/index.js';
import type { Hub } from './hub-service.js';
import type { SiteSync } from './site-service.js';

/**
 * The sync slice's handler table. A hub has no site side and a site no hub side: the dispatcher
 * answers `conflict` for the other role's methods before they reach these (MethodSpec.serves).
 */
export function syncHandlers({ hub, site }: { hub: Hub; site: SiteSync }) {
  return {
    'sync.createEnrolment': (input, ctx) => hub.createEnrolment(scopeOf(ctx), input, sessionOf(ctx).email),
    'sync.enrol': (input, ctx) => site.enrol(scopeOf(ctx), input),
    'sync.status': (input, ctx) => site.status(scopeOf(ctx), input.siteId),
    'sync.now': (input, ctx) => site.now(scopeOf(ctx), input.siteId),
    'sync.conflicts': (input, ctx) => site.conflicts(scopeOf(ctx), input.siteId),
    'sync.resolveConflict': (input, ctx) => site.resolve(scopeOf(ctx), input, sessionOf(ctx).email),
    'hub.sites': (_input, ctx) => hub.sites(scopeOf(ctx)),
    'hub.enrolments': (_input, ctx) => ({ items: hub.enrolments(scopeOf(ctx)) }),
    'hub.revokeSite': (input, ctx) => hub.revoke(scopeOf(ctx), input.siteId),
    'hub.search': (input, ctx) => hub.search(scopeOf(ctx), input),
  } satisfies Pick<HandlerTable, keyof typeof syncMethods>;
}
