import { mirrorId, openStore, type EventRow, type SiteScope, type Store } from '../../store/index.js';

/*
 * A site's backlog written straight into its store, for tests and benchmarks that need 100,000 or
 * a million records to send: ingesting them through the pipeline takes minutes on a busy machine.
 * The events go through the store's own batch writer, so each batch is queued in the outbox in the
 * same transaction, exactly as the pipeline's batches are. Run it while no process serves the folder.
 */

export interface BacklogOptions {
  /** Events to add. */
  count: number;
  /** Numbering of the messages starts here (`Reading <n> …`). */
  from?: number;
  /** Events per transaction (one outbox entry each). */
  batch?: number;
  /** Events that share one timestamp, so that the order within it is the order of arrival. */
  perSecond?: number;
  at?: number;
  /**
   * The source the events come from (created). Give each site its own when several sites sync to one
   * hub: the hub refuses a second source of the same name in a tenant (see the README's limits).
   */
  sourceName?: string;
}

async function withSiteStore<T>(dataDir: string, work: (store: Store, scope: SiteScope) => T): Promise<T> {
  const store = await openStore({ dataDir, migrate: 'none' });
  try {
    const tenant = store.tenants.ensureDefault();
    const site = store.sites.list({ tenantId: tenant.id })[0];
    if (!site) throw new Error(`The installation in ${dataDir} has no site.`);
    return work(store, { tenantId: tenant.id, siteId: site.id });
  } finally {
    store.close();
  }
}

export function addBacklog(dataDir: string, options: BacklogOptions): Promise<void> {
  const { count, from = 0, batch = 1000, perSecond = 500, at = Date.UTC(2026, 0, 5, 8) } = options;
  const sourceName = options.sourceName ?? `Backlog meters ${from}`;
  return withSiteStore(dataDir, (store, scope) => {
    const source = store.sources.create(scope, {
      kind: 'webhook',
      name: sourceName,
      config: {},
      enabled: true,
    });
    const made = store.groups.create(scope, { key: `backlog-${from}`, template: 'Reading <*> from meter <*>', at });
    const { groupId, templateId } = { groupId: made.group.id, templateId: made.template.templateId };
    for (let start = from; start < from + count; start += batch) {
      const rows = [];
      for (let n = start; n < Math.min(from + count, start + batch); n += 1) {
        const time = at + Math.floor(n / perSecond) * 1000;
        rows.push({
          sourceId: source.id,
          externalId: null,
          templateId,
          groupId,
          time,
          receivedAt: time,
          severity: 'info' as const,
          kind: 'log' as const,
          device: `meter-${n % 23}`,
          label: null,
          message: `Reading ${n} from meter ${n % 23}: 4${n % 1000} kWh, within the expected range`,
          category: null,
          attributes: { n },
          media: [],
        });
      }
      store.events.insertBatch(scope, rows);
    }
  });
}

/** Every event of the (first) site in a folder, oldest first (by time, then arrival). */
export function siteEvents(dataDir: string): Promise<{ siteId: string; events: EventRow[] }> {
  return withSiteStore(dataDir, (store, scope) => ({
    siteId: scope.siteId,
    events: listAll(store, scope, scope.siteId),
  }));
}

/** Every event the hub in a folder holds for one of its sites, oldest first. */
export function hubEvents(dataDir: string, hubSiteId: string): Promise<EventRow[]> {
  return withSiteStore(dataDir, (store, scope) => listAll(store, scope, hubSiteId));
}

function listAll(store: Store, scope: SiteScope, siteId: string): EventRow[] {
  const out: EventRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = store.events.list(scope, { siteId, limit: 5000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    if (!page.nextCursor) return out.reverse();
    cursor = page.nextCursor;
  }
}

/** The hub's ids for a site's events, in the site's order: what `hubEvents` must list. */
export const mirroredIds = (hubSiteId: string, events: readonly EventRow[]) =>
  events.map((e) => mirrorId(hubSiteId, e.id));
