import type { Home, HomeCacheStats, Role, TopicPayload } from '../contract/index.js';
import type { Session } from '../core/slice-kit/index.js';
import type { HomeVisitRow } from '../store/index.js';
import { createHomeMetrics, type HomeMetrics } from './home-metrics.js';
import type { HomeDeps, MissReason } from './home-types.js';
import { assembleHome } from './home-view.js';
import { TenantHome, HOME_TOPICS, type HomeTopic } from './tenant-home.js';
import { effectiveSince, nextVisit } from './visits.js';

interface Entry {
  tenantId: string;
  userId: string;
  role: Role;
  since: number | null;
  /** The tenant's version the Home was made at. */
  version: number;
  home: Home;
  validUntil: number;
  lastRead: number;
}

interface TenantStats {
  hits: number;
  misses: number;
  missesByReason: Record<string, number>;
  invalidations: number;
  refreshes: number;
}

export interface HomeCache {
  /** The caller's Home: cached while nothing it shows has changed. */
  get(session: Session): Promise<Home>;
  /** Records a look at Home now; answers the visit. */
  markVisited(session: Session): { seenAt: number; since: number | null };
  /** A bus message of any tenant (the Core's bus hands Home every message of HOME_TOPICS). */
  changed(tenantId: string, topic: string, payload: unknown): void;
  /** Drops one user's cached Home, or every cached Home of the tenant (whose sections are read afresh). */
  invalidate(tenantId: string, userId?: string): number;
  stats(tenantId: string): HomeCacheStats;
  readonly metrics: HomeMetrics;
  /** Stops pending refreshes. */
  close(): void;
}

const isHomeTopic = (topic: string): topic is HomeTopic => (HOME_TOPICS as readonly string[]).includes(topic);

/**
 * The per-user Home cache. A user's entry is their Home as last made; it stays valid while their
 * tenant's sections are at the same version, their role and visit are the same, and no time-bound
 * item has ended. A bus message that changes a section moves the version and, a moment later
 * (`home.refreshDelayMs`, so a burst of changes costs one refresh), every recently read entry of the
 * tenant is made again in the background and open Homes are told (`home.changed`): readers then
 * find it ready. Users who have not asked for `home.idleMinutes` are dropped instead of refreshed,
 * and at most `home.maxEntries` are kept (the least recently read go first).
 */
export function createHomeCache(deps: HomeDeps): HomeCache {
  const { now, config } = deps;
  const log = deps.logger.child({ module: 'home' });
  const tenants = new Map<string, TenantHome>();
  // Map order is recency: every read moves its entry to the end.
  const entries = new Map<string, Entry>();
  const visits = new Map<string, HomeVisitRow | undefined>();
  const stats = new Map<string, TenantStats>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** When each tenant's last refresh started, and the one running (a second waits for it). */
  const lastRefresh = new Map<string, number>();
  const running = new Map<string, Promise<void>>();
  /** Homes being made for a reader: readers of one user who miss together share one making. */
  const making = new Map<string, Promise<Entry>>();
  const idleMs = config.idleMinutes * 60_000;
  let closed = false;

  const metrics = createHomeMetrics({
    entries: () => entries.size,
    oldestAgeSeconds() {
      let oldest: number | null = null;
      for (const e of entries.values())
        oldest = oldest === null ? e.home.generatedAt : Math.min(oldest, e.home.generatedAt);
      return oldest === null ? null : Math.max(0, now() - oldest) / 1000;
    },
  });

  const tenantOf = (tenantId: string): TenantHome => {
    let tenant = tenants.get(tenantId);
    if (!tenant) tenants.set(tenantId, (tenant = new TenantHome(tenantId, deps)));
    return tenant;
  };
  const statsOf = (tenantId: string): TenantStats => {
    let s = stats.get(tenantId);
    if (!s) stats.set(tenantId, (s = { hits: 0, misses: 0, missesByReason: {}, invalidations: 0, refreshes: 0 }));
    return s;
  };
  const visitOf = (session: Session): HomeVisitRow | undefined => {
    if (!visits.has(session.userId))
      visits.set(session.userId, deps.store.home.visit({ tenantId: session.tenantId }, session.userId));
    return visits.get(session.userId);
  };

  function missReason(
    entry: Entry | undefined,
    tenant: TenantHome,
    role: Role,
    since: number | null,
    at: number,
  ): MissReason | null {
    if (!entry) return 'cold';
    if (entry.role !== role) return 'role';
    if (entry.since !== since) return 'visit';
    if (entry.version !== tenant.version) return 'changed';
    return at >= entry.validUntil ? 'expired' : null;
  }

  function store(entry: Entry): void {
    entries.delete(entry.userId);
    entries.set(entry.userId, entry);
    while (entries.size > config.maxEntries) entries.delete(entries.keys().next().value!);
  }

  async function make(
    tenantId: string,
    userId: string,
    role: Role,
    since: number | null,
    lastRead: number,
  ): Promise<Entry> {
    const current = await tenantOf(tenantId).current();
    return assemble(current, tenantId, userId, role, since, lastRead);
  }

  function assemble(
    { sections, version }: Awaited<ReturnType<TenantHome['current']>>,
    tenantId: string,
    userId: string,
    role: Role,
    since: number | null,
    lastRead: number,
  ): Entry {
    const { home, validUntil } = assembleHome(sections, { since, role, now: now() });
    return { tenantId, userId, role, since, version, home, validUntil, lastRead };
  }

  /** Makes every recently read Home of the tenant again, then tells open Homes. */
  async function refresh(tenantId: string): Promise<void> {
    if (closed) return;
    const tenant = tenantOf(tenantId);
    // The sections are read once; then every Home is made in one go, without yielding, so no reader
    // arrives between two of them and finds theirs still out of date.
    const fresh = await tenant.current();
    if (closed) return;
    const at = now();
    let count = 0;
    let current = 0;
    for (const entry of [...entries.values()]) {
      if (entry.tenantId !== tenantId) continue;
      if (at - entry.lastRead > idleMs) {
        entries.delete(entry.userId);
        continue;
      }
      const since = effectiveSince(visits.get(entry.userId), at);
      // Made again by its reader since the change (or by an earlier refresh): nothing to do.
      if (missReason(entry, tenant, entry.role, since, at) === null) {
        current += 1;
        continue;
      }
      entries.set(entry.userId, assemble(fresh, tenantId, entry.userId, entry.role, since, entry.lastRead));
      count += 1;
    }
    statsOf(tenantId).refreshes += count;
    metrics.refreshed(count);
    if (count + current > 0) deps.announce(tenantId, now());
  }

  /** Runs the tenant's refresh, or joins the one running: one at a time per tenant. */
  function refreshTenant(tenantId: string): Promise<void> {
    const inFlight = running.get(tenantId);
    if (inFlight) return inFlight;
    lastRefresh.set(tenantId, now());
    const run = refresh(tenantId)
      .catch((err: unknown) => log.warn({ tenantId, err: String(err) }, 'Refreshing cached Homes failed'))
      .finally(() => {
        if (running.get(tenantId) === run) running.delete(tenantId);
      });
    running.set(tenantId, run);
    return run;
  }

  /**
   * A refresh at once after a quiet spell, then at most one per `refreshDelayMs` for a burst: a
   * change is in the cache within a refresh's time, while a burst of changes still costs one
   * refresh per window, not one per change.
   */
  function schedule(tenantId: string): void {
    if (closed || timers.has(tenantId)) return;
    const wait = Math.max(0, (lastRefresh.get(tenantId) ?? -Infinity) + config.refreshDelayMs - now());
    const timer = setTimeout(() => {
      timers.delete(tenantId);
      // One running may have read the sections before this change: this one starts after it.
      void (running.get(tenantId) ?? Promise.resolve()).then(() => refreshTenant(tenantId));
    }, wait);
    timer.unref();
    timers.set(tenantId, timer);
  }

  return {
    metrics,
    async get(session) {
      const at = now();
      const tenant = tenantOf(session.tenantId);
      const since = effectiveSince(visitOf(session), at);
      const entry = entries.get(session.userId);
      const reason = missReason(entry, tenant, session.role, since, at);
      const s = statsOf(session.tenantId);
      if (entry && reason === null) {
        entry.lastRead = at;
        store(entry);
        s.hits += 1;
        metrics.hit(Math.max(0, at - entry.home.generatedAt) / 1000);
        return entry.home;
      }
      const why = reason ?? 'cold';
      s.misses += 1;
      s.missesByReason[why] = (s.missesByReason[why] ?? 0) + 1;
      metrics.miss(why);
      if (why === 'changed') {
        // The first reader after a change makes the tenant's Homes again then and there (the others
        // asking meanwhile wait for the same refresh), rather than each making their own until the
        // scheduled refresh comes round: on a busy server that timer waits behind every queued read.
        await refreshTenant(session.tenantId);
        const ready = entries.get(session.userId);
        if (ready && missReason(ready, tenant, session.role, since, now()) === null) {
          ready.lastRead = at;
          store(ready);
          return ready.home;
        }
      }
      // One user's readers missing together (several tabs, a page and its badge) share one making.
      const key = `${session.tenantId}/${session.userId}/${session.role}/${since}/${tenant.version}`;
      let pending = making.get(key);
      if (!pending) {
        pending = make(session.tenantId, session.userId, session.role, since, at).finally(() => making.delete(key));
        making.set(key, pending);
      }
      const made = await pending;
      const latest = entries.get(session.userId);
      if (!latest || latest.version <= made.version) store(made);
      return made.home;
    },

    markVisited(session) {
      const visit = nextVisit(visitOf(session), now());
      deps.store.home.saveVisit({ tenantId: session.tenantId }, session.userId, visit);
      visits.set(session.userId, visit);
      return visit;
    },

    changed(tenantId, topic, payload) {
      if (closed || !isHomeTopic(topic)) return;
      // Kept even before anyone of the tenant asks: spikes and sync states exist only as these messages.
      const tenant = tenantOf(tenantId);
      let moved: boolean;
      try {
        moved = tenant.apply(topic, payload as TopicPayload<typeof topic>);
      } catch (err) {
        log.warn({ tenantId, topic, err: String(err) }, 'A change could not be applied to Home; it is read afresh');
        tenant.reset();
        moved = true;
      }
      if (!moved) return;
      statsOf(tenantId).invalidations += 1;
      metrics.invalidated();
      schedule(tenantId);
    },

    invalidate(tenantId, userId) {
      let dropped = 0;
      for (const entry of [...entries.values()]) {
        if (entry.tenantId !== tenantId || (userId !== undefined && entry.userId !== userId)) continue;
        entries.delete(entry.userId);
        dropped += 1;
      }
      if (userId === undefined) tenants.get(tenantId)?.reset();
      if (userId !== undefined) visits.delete(userId);
      return dropped;
    },

    stats(tenantId) {
      const s = statsOf(tenantId);
      const at = now();
      const ages = [...entries.values()]
        .filter((e) => e.tenantId === tenantId)
        .map((e) => Math.max(0, at - e.home.generatedAt));
      const reads = s.hits + s.misses;
      return {
        entries: ages.length,
        hits: s.hits,
        misses: s.misses,
        hitRate: reads === 0 ? null : s.hits / reads,
        missesByReason: { ...s.missesByReason },
        invalidations: s.invalidations,
        refreshes: s.refreshes,
        oldestAgeMs: ages.length === 0 ? null : Math.max(...ages),
        newestAgeMs: ages.length === 0 ? null : Math.min(...ages),
      };
    },

    close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
