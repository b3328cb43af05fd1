import type { Alert, AlertRule, AlertSeverity, AlertState, CreateAlertRuleInput } from '../contract/index.js';
import type { Page, SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

// ---- alerts -------------------------------------------------------------------------------

export type AlertRow = Alert;
export type AlertRuleRow = AlertRule;

export interface AlertCandidate {
  ruleId: string;
  dedupeKey: string;
  title: string;
  detail: string;
  severity: AlertSeverity;
  groupId?: string | null;
  device?: string | null;
  at?: number;
}

export interface AlertsRepository {
  /**
   * Bumps occurrences and lastSeenAt of the open or acknowledged alert with the same dedupeKey,
   * or opens a new one.
   */
  openOrTouch(scope: SiteScope, candidate: AlertCandidate): { alert: AlertRow; created: boolean };
  /**
   * `openOrTouch` for each entry, in order, all in one transaction (a batch of events raises its
   * alerts with one commit); if one entry fails, none is written and the error is thrown.
   */
  openOrTouchMany(
    entries: readonly { scope: SiteScope; candidate: AlertCandidate }[],
  ): { alert: AlertRow; created: boolean }[];
  get(scope: Scope, id: string): AlertRow | undefined;
  /** The open or acknowledged alert with this dedupe key on the site, if any. */
  findLive(scope: SiteScope, dedupeKey: string): AlertRow | undefined;
  /** Open and acknowledged alerts of the tenant, critical first, then the newest opened; at most `limit`. */
  live(scope: Scope, limit: number): AlertRow[];
  /** How many open and acknowledged alerts each site has, by state and severity. */
  liveCounts(scope: Scope): { siteId: string; state: 'open' | 'acknowledged'; severity: AlertSeverity; n: number }[];
  /** The id and state of every open and acknowledged alert of the tenant. */
  liveStates(scope: Scope): { id: string; state: 'open' | 'acknowledged' }[];
  /** Most recently seen first. */
  list(scope: Scope, query: { state?: AlertState; siteId?: string; cursor?: string; limit: number }): Page<AlertRow>;
  /** open → acknowledged; `not_found` or `conflict` (naming the current state) otherwise. */
  acknowledge(scope: Scope, id: string, by: string, at?: number): AlertRow;
  /** open or acknowledged → resolved; `not_found` or `conflict` otherwise. */
  resolve(scope: Scope, id: string, by: string, note?: string | null, at?: number): AlertRow;
}

export type AlertRuleData = CreateAlertRuleInput;

export interface AlertRulesRepository {
  list(scope: Scope): AlertRuleRow[];
  get(scope: Scope, id: string): AlertRuleRow | undefined;
  /** `not_found` when siteId is not a site of the tenant. */
  create(scope: Scope, data: AlertRuleData): AlertRuleRow;
  /** Replaces the whole rule (the caller merges a patch onto `get`). */
  replace(scope: Scope, id: string, data: AlertRuleData): AlertRuleRow | undefined;
  delete(scope: Scope, id: string): boolean;
}
