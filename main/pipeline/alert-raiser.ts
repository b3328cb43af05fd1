import type {
  AlertCandidate as StoredAlertCandidate,
  AlertRow,
  AlertRuleRow,
  SiteScope,
  Store,
} from '../store/index.js';
import type { PipelineBus } from './pipeline-types.js';
import type { SourceLogger } from './sources/index.js';
import { evaluateAlertRules, type AlertCandidate, type AlertSignal } from './stages/index.js';
import type { WebhookNotifier } from './webhook-notifier.js';

export type { AlertSignal };

export interface AlertRaiserOptions {
  store: Store;
  bus: PipelineBus;
  notifier: WebhookNotifier;
  logger: SourceLogger;
  now: () => number;
}

const watches = (rule: AlertRuleRow, siteId: string) => rule.siteId === null || rule.siteId === siteId;

/**
 * Turns signals into alerts. Which rules fire is the alert-rules stage's decision
 * (`evaluateAlertRules`); this part picks the rules that watch the signal's site (cached per tenant
 * until they change), opens or touches one alert per dedupe key (a batch's alerts in one
 * transaction), publishes `alerts.changed` and
 * notifies outgoing webhooks of new alerts. Never throws: an alert that cannot be written is logged,
 * and ingestion goes on.
 */
export function createAlertRaiser(options: AlertRaiserOptions) {
  const { store, bus, notifier, logger } = options;
  const rules = new Map<string, AlertRuleRow[]>();

  const rulesOf = (tenantId: string): AlertRuleRow[] => {
    let cached = rules.get(tenantId);
    if (!cached) rules.set(tenantId, (cached = store.alertRules.list({ tenantId })));
    return cached;
  };

  interface Opening {
    scope: SiteScope;
    candidate: StoredAlertCandidate;
  }

  /** The alerts a site's signals open or touch: one per dedupe key (a burst of 500 errors touches its alert once). */
  function candidatesOf(
    scope: SiteScope,
    siteRules: readonly AlertRuleRow[],
    signals: readonly AlertSignal[],
    into: Opening[],
  ): void {
    if (siteRules.length === 0 || signals.length === 0) return;
    const byKey = new Map<string, AlertCandidate>();
    for (const signal of signals) {
      for (const candidate of evaluateAlertRules(siteRules, signal, byKey)) byKey.set(candidate.dedupeKey, candidate);
    }
    for (const candidate of byKey.values()) into.push({ scope, candidate });
  }

  /**
   * Writes a batch's alerts in one transaction (one commit, not one per dedupe key). If that fails,
   * each alert is tried alone, so one that cannot be written does not keep the others out.
   */
  function openAll(openings: readonly Opening[]): void {
    if (openings.length === 0) return;
    let results: { alert: AlertRow; created: boolean }[];
    try {
      results = store.alerts.openOrTouchMany(openings);
    } catch {
      for (const { scope, candidate } of openings) openOne(scope, candidate);
      return;
    }
    openings.forEach(({ scope }, i) => announce(scope, results[i]!));
  }

  function announce(scope: SiteScope, { alert, created }: { alert: AlertRow; created: boolean }): void {
    bus.publish(scope.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: alert.state,
      title: alert.title,
      severity: alert.severity,
      created,
      siteId: alert.siteId,
    });
    if (created) notifier.notify({ type: 'alert', tenantId: scope.tenantId, alert });
  }

  /**
   * Opens or touches one alert by its dedupe key, publishes it and notifies webhooks of a new one;
   * also the door for alerts from outside the event stream (another slice's health watch).
   */
  function openOne(scope: SiteScope, candidate: StoredAlertCandidate): void {
    try {
      announce(scope, store.alerts.openOrTouch(scope, candidate));
    } catch (err) {
      logger.error({ err: String(err), dedupeKey: candidate.dedupeKey }, 'Could not record an alert');
    }
  }

  /** Resolves the live alert with this key, if there is one (the condition cleared by itself). */
  function resolveExternal(scope: SiteScope, dedupeKey: string, note: string): void {
    const live = store.alerts.findLive(scope, dedupeKey);
    if (!live) return;
    const alert = store.alerts.resolve(scope, live.id, 'system', note);
    bus.publish(scope.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: alert.state,
      title: alert.title,
      severity: alert.severity,
      created: false,
      siteId: alert.siteId,
    });
  }

  const siteRulesOf = (scope: SiteScope) => rulesOf(scope.tenantId).filter((r) => watches(r, scope.siteId));

  function raise(scope: SiteScope, signals: readonly AlertSignal[]): void {
    raiseMany([{ scope, signals }]);
  }

  /** The signals of a whole batch (one entry per site), written in one transaction. */
  function raiseMany(batch: readonly { scope: SiteScope; signals: readonly AlertSignal[] }[]): void {
    const openings: Opening[] = [];
    for (const { scope, signals } of batch) candidatesOf(scope, siteRulesOf(scope), signals, openings);
    openAll(openings);
  }

  /**
   * Device-silent rules of every tenant, checked on a timer against the last-seen times the store
   * keeps (so a restart neither forgets a quiet device nor suspects every device). A rule for every
   * site watches its device on the sites where it has reported; a device that has reported nowhere
   * is missing on every site the rule watches.
   */
  function checkDevices(): void {
    const at = options.now();
    const openings: Opening[] = [];
    for (const tenant of store.tenants.list()) {
      const silentRules = rulesOf(tenant.id).filter(
        (r): r is Extract<AlertRuleRow, { type: 'device-silent' }> => r.type === 'device-silent' && r.enabled,
      );
      if (silentRules.length === 0) continue;
      const devices = store.devices.list({ tenantId: tenant.id });
      for (const site of store.sites.list({ tenantId: tenant.id })) {
        const lastSeenByDevice: Record<string, number> = {};
        for (const d of devices) if (d.siteId === site.id) lastSeenByDevice[d.device] = d.lastSeen;
        const siteRules = silentRules.filter(
          (r) =>
            watches(r, site.id) &&
            (r.siteId !== null ||
              Object.hasOwn(lastSeenByDevice, r.device) ||
              !devices.some((d) => d.device === r.device)),
        );
        candidatesOf(
          { tenantId: tenant.id, siteId: site.id },
          siteRules,
          [{ type: 'tick', at, lastSeenByDevice }],
          openings,
        );
      }
    }
    openAll(openings);
  }

  return {
    raise,
    raiseMany,
    raiseExternal: openOne,
    resolveExternal,
    checkDevices,
    rulesChanged: (tenantId: string) => rules.delete(tenantId),
  };
}

export type AlertRaiser = ReturnType<typeof createAlertRaiser>;
