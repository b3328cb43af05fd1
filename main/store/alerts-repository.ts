import type { Database } from '../../native/sqlite/index.js';
import { OutpostError, type AlertState } from '../contract/index.js';
import { newId } from './ids.js';
import { decodeCursor, pageOf } from './keyset-cursor.js';
import type { AlertCandidate, AlertRow, AlertsRepository } from './alert-types.js';
import type { SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

const COLUMNS = `id, site_id AS siteId, rule_id AS ruleId, dedupe_key AS dedupeKey, state, title, detail, severity,
  group_id AS groupId, device, occurrences, opened_at AS openedAt, last_seen_at AS lastSeenAt,
  acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy, resolved_at AS resolvedAt,
  resolved_by AS resolvedBy, note`;

interface ListParams {
  tenantId: string;
  siteId: string | null;
  state: AlertState | null;
  cursorValue: number | null;
  cursorId: string | null;
  limit: number;
}

export function createAlertsRepository(db: Database): AlertsRepository {
  const byId = db.prepare<[string, string], AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE id = ? AND tenant_id = ?`);
  const live = db.prepare<[string, string, string], AlertRow>(
    `SELECT ${COLUMNS} FROM alerts WHERE tenant_id = ? AND site_id = ? AND dedupe_key = ? AND state <> 'resolved'`,
  );
  const touch = db.prepare<[number, string]>(
    'UPDATE alerts SET occurrences = occurrences + 1, last_seen_at = max(last_seen_at, ?) WHERE id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO alerts (id, tenant_id, site_id, rule_id, dedupe_key, state, title, detail, severity, group_id, device,
       occurrences, opened_at, last_seen_at)
     VALUES (@id, @tenantId, @siteId, @ruleId, @dedupeKey, 'open', @title, @detail, @severity, @groupId, @device, 1, @at, @at)`,
  );
  const list = db.prepare<[ListParams], AlertRow>(
    `SELECT ${COLUMNS} FROM alerts
     WHERE tenant_id = @tenantId AND (@siteId IS NULL OR site_id = @siteId) AND (@state IS NULL OR state = @state)
       AND (@cursorValue IS NULL OR (last_seen_at, id) < (@cursorValue, @cursorId))
     ORDER BY last_seen_at DESC, id DESC LIMIT @limit`,
  );
  // Unresolved alerts only: the partial index alerts_live_key holds exactly these rows per tenant.
  const liveAlerts = db.prepare<[string, number], AlertRow>(
    `SELECT ${COLUMNS} FROM alerts WHERE tenant_id = ? AND state <> 'resolved'
     ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, opened_at DESC, id DESC LIMIT ?`,
  );
  const liveCounts = db.prepare<
    [string],
    { siteId: string; state: 'open' | 'acknowledged'; severity: AlertRow['severity']; n: number }
  >(
    `SELECT site_id AS siteId, state, severity, count(*) AS n FROM alerts
     WHERE tenant_id = ? AND state <> 'resolved' GROUP BY site_id, state, severity`,
  );
  const liveStates = db.prepare<[string], { id: string; state: 'open' | 'acknowledged' }>(
    "SELECT id, state FROM alerts WHERE tenant_id = ? AND state <> 'resolved'",
  );
  const acknowledge = db.prepare<[number, string, string]>(
    "UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND state = 'open'",
  );
  const resolve = db.prepare<[number, string, string | null, string]>(
    "UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = ?, note = ? WHERE id = ? AND state <> 'resolved'",
  );

  function found(scope: Scope, id: string): AlertRow {
    const alert = byId.get(id, scope.tenantId);
    if (!alert || (scope.siteId && alert.siteId !== scope.siteId)) {
      throw new OutpostError('not_found', `There is no alert ${id}. Check the id with alerts.list.`);
    }
    return alert;
  }

  const reread = (scope: Scope, id: string) => found(scope, id);

  function openOrTouch(scope: SiteScope, candidate: AlertCandidate): { alert: AlertRow; created: boolean } {
    const at = candidate.at ?? Date.now();
    const existing = live.get(scope.tenantId, scope.siteId, candidate.dedupeKey);
    if (existing) {
      touch.run(at, existing.id);
      return { alert: reread(scope, existing.id), created: false };
    }
    const id = newId();
    insert.run({
      id,
      tenantId: scope.tenantId,
      siteId: scope.siteId,
      ruleId: candidate.ruleId,
      dedupeKey: candidate.dedupeKey,
      title: candidate.title,
      detail: candidate.detail,
      severity: candidate.severity,
      groupId: candidate.groupId ?? null,
      device: candidate.device ?? null,
      at,
    });
    return { alert: reread(scope, id), created: true };
  }

  return {
    openOrTouch: db.transaction(openOrTouch) as AlertsRepository['openOrTouch'],
    openOrTouchMany: db.transaction((entries: Parameters<AlertsRepository['openOrTouchMany']>[0]) =>
      entries.map(({ scope, candidate }) => openOrTouch(scope, candidate)),
    ) as AlertsRepository['openOrTouchMany'],
    get(scope, id) {
      const alert = byId.get(id, scope.tenantId);
      return alert && (!scope.siteId || alert.siteId === scope.siteId) ? alert : undefined;
    },
    list(scope, query) {
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const siteId =
        scope.siteId && query.siteId && scope.siteId !== query.siteId
          ? '\u0000no-site'
          : (scope.siteId ?? query.siteId ?? null);
      const rows = list.all({
        tenantId: scope.tenantId,
        siteId,
        state: query.state ?? null,
        cursorValue: cursor?.value ?? null,
        cursorId: cursor?.id ?? null,
        limit: query.limit + 1,
      });
      return pageOf(rows, query.limit, (r) => ({ value: r.lastSeenAt, id: r.id }));
    },
    live: (scope, limit) => liveAlerts.all(scope.tenantId, limit),
    liveCounts: (scope) => liveCounts.all(scope.tenantId),
    liveStates: (scope) => liveStates.all(scope.tenantId),
    findLive: (scope, dedupeKey) => live.get(scope.tenantId, scope.siteId, dedupeKey),
    acknowledge: db.transaction((scope: Scope, id: string, by: string, at?: number) => {
      const alert = found(scope, id);
      if (acknowledge.run(at ?? Date.now(), by, id).changes === 0) {
        throw new OutpostError('conflict', `Alert ${id} is ${alert.state}; only an open alert can be acknowledged.`);
      }
      return reread(scope, id);
    }) as AlertsRepository['acknowledge'],
    resolve: db.transaction((scope: Scope, id: string, by: string, note?: string | null, at?: number) => {
      found(scope, id);
      if (resolve.run(at ?? Date.now(), by, note ?? null, id).changes === 0) {
        throw new OutpostError('conflict', `Alert ${id} is already resolved.`);
      }
      return reread(scope, id);
    }) as AlertsRepository['resolve'],
  };
}
