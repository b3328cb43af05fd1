import type { Database } from '../../native/sqlite/index.js';
import type { InsertBatchResult, SiteScope } from './pipeline-types.js';

/**
 * The event batch writer's one call into sync: in the batch's transaction, one outbox entry names
 * the batch's new events by their id range (ids are monotonic, and SQLite has one writer, so the
 * range holds exactly this batch's events of the site) and lists the events updated in place.
 * Nothing is written for a site that is not enrolled. Each entry is read when it is sent, so an
 * event changed later goes with its newest state.
 */
export function createOutboxRecorder(db: Database): (scope: SiteScope, result: InsertBatchResult) => void {
  const bump = db.prepare<[string]>(
    "UPDATE sync_uplinks SET last_seq = last_seq + 1 WHERE site_id = ? AND state <> 'refused'",
  );
  const insert = db.prepare<[string, string, string | null, number, number, string]>(
    `INSERT INTO sync_outbox (site_id, seq, kind, ref, ref_to, detail, records, created_at)
     SELECT site_id, last_seq, 'events', ?, ?, ?, ?, ? FROM sync_uplinks WHERE site_id = ? AND state <> 'refused'`,
  );
  const enrolled = db
    .prepare<[string], number>("SELECT 1 FROM sync_uplinks WHERE site_id = ? AND state <> 'refused'")
    .pluck();
  return (scope, result) => {
    if (result.ids.length === 0 || enrolled.get(scope.siteId) === undefined) return;
    let first: string | null = null;
    let last: string | null = null;
    const updated: string[] = [];
    result.ids.forEach((id, i) => {
      if (result.created[i]) {
        if (first === null || id < first) first = id;
        if (last === null || id > last) last = id;
      } else updated.push(id);
    });
    bump.run(scope.siteId);
    insert.run(
      first ?? updated[0]!,
      last ?? first ?? updated[0]!,
      updated.length > 0 ? JSON.stringify(updated) : null,
      result.ids.length,
      Date.now(),
      scope.siteId,
    );
  };
}
