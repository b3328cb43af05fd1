import type { Database } from '../../native/sqlite/index.js';
import type { SiteScope } from './pipeline-types.js';
import type { KindDocs } from './sync-doc-kind.js';

const RANK = { open: 0, acknowledged: 1, resolved: 2 } as const;
type AlertStateName = keyof typeof RANK;

/**
 * The hub's view of a site's alert (hub → site): acknowledged or resolved there. A resolution made on
 * the site stays; both acknowledgements are kept, the hub's on the alert (it saw both first).
 */
export function createSyncAlertDocs(db: Database): {
  docs: KindDocs;
  copyOf(scope: SiteScope, originId: string): string | undefined;
} {
  // ---- alert states (hub → site) ----
  const copyOf = db
    .prepare<[string, string], string>('SELECT alert_id FROM sync_alert_origins WHERE site_id = ? AND origin_id = ?')
    .pluck();
  const alertState = db.prepare<
    [string, string],
    {
      siteId: string;
      state: AlertStateName;
      acknowledgedAt: number | null;
      acknowledgedBy: string | null;
      resolvedAt: number | null;
      resolvedBy: string | null;
      note: string | null;
    }
  >(
    `SELECT site_id AS siteId, state, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy, resolved_at AS resolvedAt,
       resolved_by AS resolvedBy, note FROM alerts WHERE id = ? AND tenant_id = ?`,
  );
  const setAlertState = db.prepare(
    `UPDATE alerts SET state = @state, acknowledged_at = @acknowledgedAt, acknowledged_by = @acknowledgedBy,
       resolved_at = @resolvedAt, resolved_by = @resolvedBy, note = @note WHERE id = @id AND tenant_id = @tenantId`,
  );
  const recordAck = db.prepare<[string, string, string, number, string]>(
    `INSERT INTO alert_acknowledgements (alert_id, tenant_id, by, at, via) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );

  return {
    docs: {
      read(scope, docId) {
        const copy = copyOf.get(scope.siteId, docId);
        const r = copy === undefined ? undefined : alertState.get(copy, scope.tenantId);
        if (!r) return null;
        const { siteId: _siteId, ...state } = r;
        return state;
      },
      write(scope, docId, b, at) {
        if (b === null) return;
        const current = alertState.get(docId, scope.tenantId);
        if (!current || current.siteId !== scope.siteId) return;
        const hubState = b.state as AlertStateName;
        // Both acknowledged: the hub's (it saw both first) stays on the alert, this site's is kept beside it.
        if (current.acknowledgedBy !== null && current.acknowledgedBy !== b.acknowledgedBy) {
          recordAck.run(docId, scope.tenantId, current.acknowledgedBy, current.acknowledgedAt ?? at, 'site');
        }
        const resolvedHere = RANK[current.state] > RANK[hubState];
        setAlertState.run({
          id: docId,
          tenantId: scope.tenantId,
          state: resolvedHere ? current.state : hubState,
          acknowledgedAt: b.acknowledgedAt ?? current.acknowledgedAt,
          acknowledgedBy: b.acknowledgedBy ?? current.acknowledgedBy,
          resolvedAt: resolvedHere ? current.resolvedAt : (b.resolvedAt ?? null),
          resolvedBy: resolvedHere ? current.resolvedBy : (b.resolvedBy ?? null),
          note: resolvedHere ? current.note : (b.note ?? null),
        });
        return;
      },
      ids: () => [],
    },
    copyOf: (scope, originId) => copyOf.get(scope.siteId, originId),
  };
}
