import { performance } from 'node:perf_hooks';
import type { EntityStatus, Integration, integrationsMethods } from '../../contract/index.js';
import { assertAllowedStatusUrl, fetchStatusForTest } from '../external-fetch.js';
import { extractStatuses } from '../external-status.js';
import { readInternalStatuses } from '../internal-status.js';
import type { RawStatusItem } from '../map-status-items.js';
import { applyStatusMapping, assertRunnableStatusMapping, collectUnmapped } from '../status-mapping.js';
import type { IntegrationRow } from '../../store/index.js';
import type { HandlerTable } from '../../core/slice-kit/index.js';
import type { SitemapHandlerDeps } from './handler-deps.js';
import { keepStoredSecret, maskExternal } from '../integration-secret.js';
import { requireSite } from '../../sites/index.js';

/** integrations.test shows this many mapped items. */
const SAMPLE_SIZE = 20;

const view = (row: IntegrationRow): Integration => ({
  siteId: row.siteId,
  kind: row.kind,
  external: maskExternal(row.external),
  statusMapping: row.statusMapping,
  offlineAfterMinutes: row.offlineAfterMinutes,
  updatedAt: row.updatedAt,
});

export function integrationsHandlers({ store, siteStatus, now, outbound }: SitemapHandlerDeps) {
  return {
    'integrations.get': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      return view(store.integrations.get(scope));
    },

    'integrations.set': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      assertRunnableStatusMapping(input.statusMapping);
      if (input.kind === 'external' && input.external) assertAllowedStatusUrl(outbound, input.external.url);
      const stored = store.integrations.get(scope);
      const row = store.integrations.set(scope, {
        kind: input.kind,
        // An internal integration keeps no external settings (nor their secret).
        external: input.kind === 'external' ? keepStoredSecret(input.external!, stored.external) : null,
        statusMapping: input.statusMapping,
        offlineAfterMinutes: input.offlineAfterMinutes,
      });
      siteStatus.reconfigure(scope);
      return view(row);
    },

    // One direct ask, past the cache and the breaker: the user wants to see what the source says now.
    'integrations.test': async (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      assertRunnableStatusMapping(input.statusMapping);
      const started = performance.now();
      let items: RawStatusItem[];
      let problems: string[] = [];
      if (input.kind === 'external') {
        assertAllowedStatusUrl(outbound, input.external!.url);
        const config = keepStoredSecret(input.external!, store.integrations.get(scope).external);
        // Its messages never hold the secret; only admins learn why an upstream failed (no port scanning).
        const detailed = ctx.session?.role === 'admin';
        const json = await fetchStatusForTest(config, { fetch: outbound.fetch, detailed });
        const read = extractStatuses(config, json);
        items = read.items.map((i) => ({ id: i.externalId, raw: i.rawStatus }));
        problems = read.problems;
      } else {
        items = readInternalStatuses(store, scope, input.offlineAfterMinutes, now());
      }
      const sample: EntityStatus[] = items.slice(0, SAMPLE_SIZE).map((item) => ({
        id: item.id,
        raw: item.raw,
        status: applyStatusMapping(input.statusMapping, item.raw).status,
      }));
      return {
        items: items.length,
        sample,
        unmapped: collectUnmapped(
          input.statusMapping,
          items.map((i) => i.raw),
        ),
        problems,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
    },
  } satisfies Pick<HandlerTable, keyof typeof integrationsMethods>;
}
