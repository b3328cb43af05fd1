import type { AlertRule, AlertSeverity } from '../../contract/index.js';
import type { Severity } from '../event-types.js';
import { severityRank } from './severity-names.js';

/**
 * Rules are the contract's `AlertRule` as the store returns them (validated on the way in by the
 * contract's `CreateAlertRuleInput`). Which site a rule watches (`siteId`) is the caller's filter:
 * this stage judges one site's signals against the rules that apply to it.
 */
export type { AlertRule, AlertSeverity };

/** What happened, as the pipeline tells the alert stage. `at` is UTC ms. */
export type AlertSignal =
  | { type: 'new-group'; groupId: string; template: string; at: number }
  | { type: 'spike'; groupId: string; template: string; count: number; expected: number; score: number; at: number }
  | {
      type: 'event';
      eventId: string;
      groupId: string;
      severity: Severity;
      message: string;
      device: string | null;
      at: number;
    }
  /** A periodic check of one site: when each of its devices last reported (from the store, so a restart forgets nothing). */
  | { type: 'tick'; at: number; lastSeenByDevice: Record<string, number> };

/** An alert to open unless one with the same dedupeKey is already open. */
export interface AlertCandidate {
  ruleId: string;
  /** `${ruleId}:${groupId or device}`: one open alert per rule and subject. */
  dedupeKey: string;
  title: string;
  detail: string;
  severity: AlertSeverity;
  groupId: string | null;
  device: string | null;
  at: number;
}

const MAX_TITLE_TEXT = 120;

function shorten(text: string, max = MAX_TITLE_TEXT): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function minutesText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

/** When a device-silent rule's device was last heard of (null: never), from a tick's table. */
function lastSeenOf(
  rule: Extract<AlertRule, { type: 'device-silent' }>,
  signal: { lastSeenByDevice: Record<string, number> },
) {
  return Object.hasOwn(signal.lastSeenByDevice, rule.device) ? signal.lastSeenByDevice[rule.device]! : null;
}

/**
 * The dedupe key of the alert `rule` raises for `signal`, or null when it raises none. Decided
 * before the candidate is built: in a burst of errors most signals repeat a key already raised in
 * the batch, and their titles and details (two passes over the message each) were built for nothing.
 */
function firingKey(rule: AlertRule, signal: AlertSignal): string | null {
  switch (rule.type) {
    case 'new-group':
      return signal.type === 'new-group' ? `${rule.id}:${signal.groupId}` : null;
    case 'spike':
      if (signal.type !== 'spike' || (rule.minScore !== undefined && signal.score < rule.minScore)) return null;
      return `${rule.id}:${signal.groupId}`;
    case 'severity':
      if (signal.type !== 'event' || severityRank(signal.severity) < severityRank(rule.atLeast)) return null;
      return `${rule.id}:${signal.groupId}`;
    case 'device-silent': {
      if (signal.type !== 'tick') return null;
      // A device that never reported gets the same grace as one that just did, counted from the
      // rule's creation: naming a camera before it is installed is not an emergency.
      const quietSince = lastSeenOf(rule, signal) ?? rule.createdAt;
      return signal.at - quietSince < rule.minutes * 60_000 ? null : `${rule.id}:${rule.device}`;
    }
  }
}

/** A rule judged a signal of a type it does not fire on (firingKey would have said null). */
function notFiring(rule: AlertRule, signal: AlertSignal): never {
  throw new Error(`A ${rule.type} rule does not fire on a ${signal.type} signal.`);
}

/** The candidate of a rule that fires for `signal` under `dedupeKey` (see firingKey). */
function candidateFor(rule: AlertRule, signal: AlertSignal, dedupeKey: string): AlertCandidate {
  const base = { ruleId: rule.id, dedupeKey, severity: rule.severity, at: signal.at };
  switch (rule.type) {
    case 'new-group':
      if (signal.type !== 'new-group') return notFiring(rule, signal);
      return {
        ...base,
        title: `New kind of event: ${shorten(signal.template)}`,
        detail: `A message never seen before on this site (rule "${rule.name}"): ${shorten(signal.template, 1000)}`,
        groupId: signal.groupId,
        device: null,
      };
    case 'spike':
      if (signal.type !== 'spike') return notFiring(rule, signal);
      return {
        ...base,
        title: `Spike: ${signal.count} in a minute (about ${signal.expected.toFixed(1)} expected) — ${shorten(signal.template, 80)}`,
        detail: `${signal.count} events in one minute where ${signal.expected.toFixed(2)} were expected (score ${signal.score.toFixed(1)}, rule "${rule.name}"): ${shorten(signal.template, 1000)}`,
        groupId: signal.groupId,
        device: null,
      };
    case 'severity':
      if (signal.type !== 'event') return notFiring(rule, signal);
      return {
        ...base,
        title: `${signal.severity[0]!.toUpperCase()}${signal.severity.slice(1)}${signal.device ? ` on ${signal.device}` : ''}: ${shorten(signal.message)}`,
        detail: `An event of severity ${signal.severity} (rule "${rule.name}": ${rule.atLeast} or worse): ${shorten(signal.message, 1000)}`,
        groupId: signal.groupId,
        device: signal.device,
      };
    case 'device-silent': {
      if (signal.type !== 'tick') return notFiring(rule, signal);
      const lastSeen = lastSeenOf(rule, signal);
      const quietSince = lastSeen ?? rule.createdAt;
      const limit = rule.minutes * 60_000;
      return {
        ...base,
        title:
          lastSeen === null
            ? `${rule.device} has sent nothing in ${minutesText(signal.at - quietSince)}`
            : `${rule.device} silent for ${minutesText(signal.at - lastSeen)}`,
        detail:
          lastSeen === null
            ? `No event from ${rule.device} has been received since rule "${rule.name}" was created at ${new Date(rule.createdAt).toISOString()}; it expects one at least every ${minutesText(limit)}. Check the device name, its power, network and source settings.`
            : `The last event from ${rule.device} was at ${new Date(lastSeen).toISOString()}; rule "${rule.name}" expects one at least every ${minutesText(limit)}. Check its power, network and source settings.`,
        groupId: null,
        device: rule.device,
      };
    }
  }
}

/**
 * The alerts `signal` raises under `rules` (disabled rules raise none). Opening, deduplicating
 * against open alerts and notifying belong to the caller; this only decides.
 */
export function evaluateAlertRules(
  rules: readonly AlertRule[],
  signal: AlertSignal,
  /** Keys already raised (a batch's earlier signals): their candidates are not built again. */
  raised?: { has(dedupeKey: string): boolean },
): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const key = firingKey(rule, signal);
    if (key !== null && !raised?.has(key)) out.push(candidateFor(rule, signal, key));
  }
  return out;
}
