import { OutpostError, type SyncConflict, type SyncSiteState, type SyncStatus } from '../contract/index.js';
import type { Scope, SiteScope, Store, UplinkRow } from '../store/index.js';
import { DOC_SCHEMAS, isSkewed, normaliseEnrolmentCode } from './protocol/index.js';
import { conflictTitle } from './conflict-title.js';
import { resolveConflict } from './site-pull.js';
import { exchange, type UplinkDeps } from './site-uplink.js';
import { createSyncStateReporter, syncSiteState } from './sync-state-report.js';

export interface SiteSyncDeps extends Omit<UplinkDeps, 'rates'> {
  intervalMs: number;
  /** Announces a site's sync state (Home's sync section, topic `sync.state`). */
  publishState?(tenantId: string, state: SyncSiteState): void;
  /** How often new outbox entries are looked for, to push them promptly (0: never between intervals). */
  pushDelayMs: number;
}

/**
 * A site's side of sync: enrolment (kept until the hub can be reached), the background exchange
 * with the hub, the status people see, and conflicts to resolve. One exchange per site at a time;
 * `sync.now` joins the one under way or starts one.
 */
export function createSiteSync(deps: SiteSyncDeps) {
  const { store, now } = deps;
  const log = deps.log.child({ module: 'sync-site' });
  const uplinkDeps: UplinkDeps = { ...deps, log, rates: new Map() };
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let watcher: NodeJS.Timeout | undefined;
  let closed = false;
  /** Per site, the last outbox sequence that started a prompt push: only newer entries start another. */
  const promptedThrough = new Map<string, number>();

  const report = deps.publishState ? createSyncStateReporter(deps.publishState) : undefined;

  function run(uplink: UplinkRow): Promise<void> {
    const under = running.get(uplink.siteId);
    if (under) return under;
    const next = exchange(uplinkDeps, uplink).finally(() => {
      running.delete(uplink.siteId);
      const scope = { tenantId: uplink.tenantId, siteId: uplink.siteId };
      try {
        report?.(uplink.tenantId, syncSiteState(status(scope), now()));
      } catch (err) {
        log.warn({ err, siteId: uplink.siteId }, 'Could not announce the sync state');
      }
    });
    running.set(uplink.siteId, next);
    return next;
  }

  async function tick(): Promise<void> {
    for (const uplink of store.syncSite.allUplinks()) {
      if (closed) return;
      if (uplink.state === 'refused') continue;
      await run(uplink).catch((err: unknown) => log.error({ err, siteId: uplink.siteId }, 'Sync exchange failed'));
    }
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => void tick().finally(schedule), deps.intervalMs);
    timer.unref();
  }

  /*
   * Prompt push. Outbox entries are written by SQL triggers and the event batch writer inside their
   * writers' transactions, and SQLite tells no one of a commit; the uplink rows (one per enrolled
   * site) carry the last sequence given out, so reading them every `pushDelayMs` notices any commit
   * at the cost of one read of a tiny table. Everything committed within one delay goes in one
   * exchange, an exchange under way is never doubled (records committed meanwhile go in its own
   * push loop or the next one), and after a failed exchange only the interval or `sync.now` retries.
   */
  function pushPromptly(): void {
    for (const uplink of store.syncSite.allUplinks()) {
      if (closed) return;
      if (uplink.state !== 'active' || uplink.lastError !== null || running.has(uplink.siteId)) continue;
      if (uplink.lastSeq <= Math.max(uplink.ackedSeq, promptedThrough.get(uplink.siteId) ?? 0)) continue;
      promptedThrough.set(uplink.siteId, uplink.lastSeq);
      void run(uplink).catch((err: unknown) => log.error({ err, siteId: uplink.siteId }, 'Sync exchange failed'));
    }
  }

  function watch(): void {
    if (closed || deps.pushDelayMs === 0) return;
    watcher = setTimeout(() => {
      try {
        pushPromptly();
      } catch (err) {
        log.error({ err }, 'Looking for records to push failed');
      }
      watch();
    }, deps.pushDelayMs);
    watcher.unref();
  }

  function siteOf(scope: Scope, siteId: string | undefined): SiteScope {
    const site = siteId ? store.sites.get(scope, siteId) : store.sites.list(scope)[0];
    if (!site && siteId === undefined) {
      throw new OutpostError(
        'not_found',
        'This installation has no site yet. Create one (Sites → Add, or sites.create), then enrol it.',
      );
    }
    if (!site) {
      throw new OutpostError('not_found', `There is no site ${siteId}. Check the id with sites.list.`, {
        issues: [{ path: 'siteId', message: 'no such site' }],
      });
    }
    return { tenantId: scope.tenantId, siteId: site.id };
  }

  function status(scope: SiteScope): SyncStatus {
    const uplink = store.syncSite.uplink(scope);
    const rate = uplinkDeps.rates.get(scope.siteId)?.perSecond ?? null;
    const pending = uplink ? store.syncSite.pending(scope.siteId, uplink.ackedSeq) : { records: 0, oldestAt: null };
    const state: SyncStatus['state'] = !uplink
      ? 'not-enrolled'
      : uplink.state === 'refused'
        ? 'refused'
        : uplink.state === 'pending'
          ? 'pending'
          : uplink.lastError !== null
            ? 'offline'
            : pending.records > 0
              ? 'sending'
              : 'synced';
    return {
      siteId: scope.siteId,
      state,
      hubUrl: uplink?.hubUrl ?? null,
      hubSiteId: uplink?.hubSiteId ?? null,
      enrolledAt: uplink?.enrolledAt ?? null,
      outbox: {
        records: pending.records,
        oldestAt: pending.oldestAt,
        ratePerSecond: rate,
        etaSeconds: rate && rate > 0 ? Math.ceil(pending.records / rate) : null,
      },
      lastPushAt: uplink?.lastPushAt ?? null,
      lastPullAt: uplink?.lastPullAt ?? null,
      lastContactAt: uplink?.lastContactAt ?? null,
      lastError: uplink?.lastError ?? null,
      clock: {
        offsetMs: uplink?.clockOffsetMs ?? null,
        skewed: isSkewed(uplink?.clockOffsetMs ?? null),
        measuredAt: uplink?.clockMeasuredAt ?? null,
      },
      conflicts: store.syncSite.countConflicts(scope.siteId),
      upgrade: uplink?.upgrade ?? null,
      hubVersion: uplink?.hubVersion ?? null,
    };
  }

  const conflictView = (c: ReturnType<Store['syncSite']['conflicts']>[number]): SyncConflict => ({
    id: c.id,
    siteId: c.siteId,
    kind: c.kind,
    docId: c.docId,
    title: conflictTitle(c),
    fields: c.fields,
    base: c.base,
    local: c.local,
    hub: c.hub,
    createdAt: c.createdAt,
  });

  return {
    start(): void {
      schedule();
      watch();
    },
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      if (watcher) clearTimeout(watcher);
      await Promise.allSettled([...running.values()]);
    },
    status: (scope: Scope, siteId?: string) => status(siteOf(scope, siteId)),

    /** Keeps the code (sealed) and tries it at once; offline, it is used at the next connection. */
    async enrol(scope: Scope, input: { hubUrl: string; code: string; siteId?: string }): Promise<SyncStatus> {
      const site = siteOf(scope, input.siteId);
      const code = normaliseEnrolmentCode(input.code);
      if (code === null) {
        throw new OutpostError(
          'invalid_input',
          'code: must be the code the hub showed: 20 letters and digits (e.g. K7M2Q-9XH4T-RB3WD-06NYE).',
          { issues: [{ path: 'code', message: 'not an enrolment code' }] },
        );
      }
      if (running.has(site.siteId)) await running.get(site.siteId);
      store.syncSite.enrol(site, { hubUrl: input.hubUrl, sealedCode: deps.secrets.seal(code), at: now() });
      await run(store.syncSite.uplink(site)!);
      return status(site);
    },

    async now(scope: Scope, siteId?: string): Promise<SyncStatus> {
      const site = siteOf(scope, siteId);
      const uplink = store.syncSite.uplink(site);
      if (!uplink) {
        throw new OutpostError(
          'conflict',
          'This site is not enrolled with a hub. Enrol it first with a code from the hub (sync.enrol).',
        );
      }
      if (uplink.state !== 'refused') await run(uplink);
      return status(site);
    },

    conflicts(scope: Scope, siteId?: string) {
      const site = siteId === undefined ? undefined : siteOf(scope, siteId).siteId;
      return { items: store.syncSite.conflicts(scope, site).map(conflictView) };
    },

    resolve(scope: Scope, input: { id: string; keep: 'site' | 'hub' | 'merged'; merged?: unknown }, by: string) {
      const conflict = store.syncSite.conflict(scope, input.id);
      if (!conflict) {
        throw new OutpostError('not_found', `There is no open conflict ${input.id}. It may be resolved already.`, {
          issues: [{ path: 'id', message: 'no such open conflict' }],
        });
      }
      if (input.keep === 'merged' && input.merged === undefined) {
        throw new OutpostError(
          'invalid_input',
          'merged: give the whole document as it should be when keeping a merged version.',
          {
            issues: [{ path: 'merged', message: 'is required with keep: merged' }],
          },
        );
      }
      const keep = input.keep === 'site' ? conflict.local : input.keep === 'hub' ? conflict.hub : input.merged;
      const checked = DOC_SCHEMAS[conflict.kind].safeParse(keep);
      if (input.keep === 'merged' && keep !== null && !checked.success) {
        const issue = checked.error.issues[0];
        throw new OutpostError(
          'invalid_input',
          `merged.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
          {
            issues: checked.error.issues
              .slice(0, 10)
              .map((i) => ({ path: `merged.${i.path.join('.')}`, message: i.message })),
          },
        );
      }
      resolveConflict(
        store,
        { tenantId: scope.tenantId, siteId: conflict.siteId },
        conflict,
        keep,
        by,
        input.keep,
        now(),
      );
      return { ok: true as const };
    },
  };
}

export type SiteSync = ReturnType<typeof createSiteSync>;
