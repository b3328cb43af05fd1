import type { AlertCandidate, AlertRuleRow, SiteScope, Store } from '../store/index.js';
import { SEVERITIES, type Severity } from './event-types.js';
import type { PipelineBus } from './pipeline-types.js';
import type { SourceLogger } from './sources/index.js';
import type { WebhookNotifier } from './webhook-notifier.js';

/** Something that happened which a rule may turn into an alert. */
export type AlertSignal =
  | { type: 'new-group'; groupId: string; template: string; at: number }
  | { type: 'event'; groupId: string; severity: Severity; device: string | null; message: string; at: number }
  | { type: 'spike'; groupId: string; count: number; expected: number; score: number; minute: number; at: number }
  | { type: 'device-silent'; device: string; lastSeen: number; at: number };

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The candidates one signal raises under the tenant's enabled rules for its site. */
export function candidatesFor(rules: readonly AlertRuleRow[], siteId: string, signal: AlertSignal): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const rule of rules) {
    if (!rule.enabled || (rule.siteId !== null && rule.siteId !== siteId)) continue;
    const base = { ruleId: rule.id, severity: rule.severity, at: signal.at };
    if (rule.type === 'new-group' && signal.type === 'new-group') {
      out.push({
        ...base,
        dedupeKey: `new-group:${signal.groupId}`,
        title: `New kind of event: ${clip(signal.template, 100)}`,
        detail: `A message never seen before on this site started a new group: ${signal.template}`,
        groupId: signal.groupId,
      });
    } else if (rule.type === 'severity' && signal.type === 'event' && rank(signal.severity) >= rank(rule.atLeast)) {
      out.push({
        ...base,
        dedupeKey: `severity:${rule.id}:${signal.groupId}`,
        title: `${signal.severity}: ${clip(signal.message, 100)}`,
        detail: `An event at ${signal.severity} (rule: at least ${rule.atLeast}): ${clip(signal.message, 1000)}`,
        groupId: signal.groupId,
        device: signal.device,
      });
    } else if (rule.type === 'spike' && signal.type === 'spike' && signal.score >= (rule.minScore ?? 0)) {
      out.push({
        ...base,
        dedupeKey: `spike:${signal.groupId}`,
        title: `Spike: ${signal.count} events in one minute (about ${signal.expected.toFixed(1)} expected)`,
        detail: `Group ${signal.groupId} had ${signal.count} events in minute ${new Date(signal.minute * 60_000).toISOString()}, score ${signal.score.toFixed(2)}.`,
        groupId: signal.groupId,
      });
    } else if (rule.type === 'device-silent' && signal.type === 'device-silent' && rule.device === signal.device) {
      const silentFor = signal.at - signal.lastSeen;
      if (silentFor < rule.minutes * 60_000) continue;
      out.push({
        ...base,
        dedupeKey: `device-silent:${rule.id}:${signal.device}`,
        title: `${signal.device} silent for ${Math.floor(silentFor / 60_000)} minutes`,
        detail: `No event from ${signal.device} since ${new Date(signal.lastSeen).toISOString()} (rule: ${rule.minutes} minutes).`,
        device: signal.device,
      });
    }
  }
  return out;
}

export interface AlertRaiserOptions {
  store: Store;
  bus: PipelineBus;
  notifier: WebhookNotifier;
  logger: SourceLogger;
  now: () => number;
}

/**
 * Turns signals into alerts: evaluates the tenant's rules (cached until they change), opens or
 * touches one alert per dedupe key, publishes `alerts.changed` and notifies outgoing webhooks of new
 * alerts. Never throws: an alert that cannot be written is logged, and ingestion goes on.
 */
export function createAlertRaiser(options: AlertRaiserOptions) {
  const { store, bus, notifier, logger } = options;
  const rules = new Map<string, AlertRuleRow[]>();

  const rulesOf = (tenantId: string): AlertRuleRow[] => {
    let cached = rules.get(tenantId);
    if (!cached) rules.set(tenantId, (cached = store.alertRules.list({ tenantId })));
    return cached;
  };

  function raise(scope: SiteScope, signals: readonly AlertSignal[]): void {
    const tenantRules = rulesOf(scope.tenantId);
    if (tenantRules.length === 0 || signals.length === 0) return;
    // One write per dedupe key per batch: a burst of 500 errors touches its alert once.
    const byKey = new Map<string, AlertCandidate>();
    for (const signal of signals) {
      for (const candidate of candidatesFor(tenantRules, scope.siteId, signal)) {
        if (!byKey.has(candidate.dedupeKey)) byKey.set(candidate.dedupeKey, candidate);
      }
    }
    for (const candidate of byKey.values()) {
      try {
        const { alert, created } = store.alerts.openOrTouch(scope, candidate);
        bus.publish(scope.tenantId, 'alerts.changed', { alertId: alert.id, state: alert.state });
        if (created) notifier.notify({ type: 'alert', tenantId: scope.tenantId, alert });
      } catch (err) {
        logger.error({ err: String(err), dedupeKey: candidate.dedupeKey }, 'Could not record an alert');
      }
    }
  }

  /** Device-silent rules of every tenant, checked on a timer. */
  function checkDevices(): void {
    const at = options.now();
    for (const tenant of store.tenants.list()) {
      const silentRules = rulesOf(tenant.id).filter((r) => r.type === 'device-silent' && r.enabled);
      if (silentRules.length === 0) continue;
      const devices = store.devices.list({ tenantId: tenant.id });
      for (const site of new Set(devices.map((d) => d.siteId))) {
        const signals: AlertSignal[] = devices
          .filter((d) => d.siteId === site)
          .map((d) => ({ type: 'device-silent', device: d.device, lastSeen: d.lastSeen, at }));
        raise({ tenantId: tenant.id, siteId: site }, signals);
      }
    }
  }

  return { raise, checkDevices, rulesChanged: (tenantId: string) => rules.delete(tenantId) };
}

export type AlertRaiser = ReturnType<typeof createAlertRaiser>;
