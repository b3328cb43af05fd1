import type { Database } from '../../native/sqlite/index.js';
import { OutpostError, type MediaRefInfo } from '../contract/index.js';
import { newId } from './ids.js';
import type { EventInsert, InsertBatchResult, SiteScope } from './pipeline-types.js';
import { severityRank } from './severity-rank.js';

/** How many merged-into hops are followed before giving up (merges never chain deeper in practice). */
const MAX_MERGE_HOPS = 8;

/** Media of an update in place: earlier files stay, new ones are added (Frigate sends the snapshot, then the clip). */
function mergedMedia(before: MediaRefInfo[], after: MediaRefInfo[]): MediaRefInfo[] {
  const seen = new Set(before.map((m) => m.sha256));
  return [...before, ...after.filter((m) => !seen.has(m.sha256))];
}

/** Builds the one-transaction batch writer behind `events.insertBatch`. */
export function createEventBatchWriter(
  db: Database,
): (scope: SiteScope, rows: readonly EventInsert[]) => InsertBatchResult {
  const existing = db.prepare<[string, string, string], { id: string; groupId: string; media: string }>(
    `SELECT id, group_id AS groupId, media FROM events WHERE source_id = ? AND external_id = ? AND tenant_id = ?`,
  );
  const groupTarget = db.prepare<[string, string], { mergedInto: string | null }>(
    'SELECT merged_into AS mergedInto FROM event_groups WHERE id = ? AND tenant_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO events (id, tenant_id, site_id, source_id, external_id, template_id, group_id, time, received_at,
       severity, kind, device, label, message, category, attributes, media)
     VALUES (@id, @tenantId, @siteId, @sourceId, @externalId, @templateId, @groupId, @time, @receivedAt,
       @severity, @kind, @device, @label, @message, @category, @attributes, @media)`,
  );
  const update = db.prepare(
    `UPDATE events SET severity = max(severity, @severity), device = coalesce(@device, device),
       label = coalesce(@label, label), message = @message, category = coalesce(@category, category),
       attributes = @attributes, media = @media
     WHERE id = @id AND tenant_id = @tenantId`,
  );
  const bumpGroup = db.prepare(
    `UPDATE event_groups SET count = count + @added, first_seen = min(first_seen, @time),
       last_seen = max(last_seen, @time), severity = max(severity, @severity)
     WHERE id = @groupId AND tenant_id = @tenantId`,
  );
  const addMinute = db.prepare(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count) VALUES (@groupId, @minute, @tenantId, 1)
     ON CONFLICT (group_id, minute) DO UPDATE SET count = count + 1`,
  );
  const touchDevice = db.prepare(
    `INSERT INTO devices (tenant_id, site_id, device, last_seen, last_event_id, events)
     VALUES (@tenantId, @siteId, @device, @time, @id, 1)
     ON CONFLICT (tenant_id, site_id, device) DO UPDATE SET
       events = events + 1,
       last_event_id = CASE WHEN excluded.last_seen >= last_seen THEN excluded.last_event_id ELSE last_event_id END,
       last_seen = max(last_seen, excluded.last_seen)`,
  );

  function resolveGroup(tenantId: string, groupId: string): string {
    let current = groupId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      const row = groupTarget.get(current, tenantId);
      if (!row) {
        // A pipeline bug, not bad input: the whole batch is refused so no event points nowhere.
        throw new OutpostError(
          'not_found',
          `Group ${current} does not exist in this tenant; the batch was not stored.`,
        );
      }
      if (!row.mergedInto) return current;
      current = row.mergedInto;
    }
    return current;
  }

  const write = db.transaction((scope: SiteScope, rows: readonly EventInsert[]): InsertBatchResult => {
    const result: InsertBatchResult = { ids: [], created: [], groupIds: [] };
    const targets = new Map<string, string>();
    for (const row of rows) {
      const severity = severityRank(row.severity);
      const found = row.externalId === null ? undefined : existing.get(row.sourceId, row.externalId, scope.tenantId);
      if (found) {
        update.run({
          id: found.id,
          tenantId: scope.tenantId,
          severity,
          device: row.device,
          label: row.label,
          message: row.message,
          category: row.category,
          attributes: JSON.stringify(row.attributes),
          media: JSON.stringify(mergedMedia(JSON.parse(found.media) as MediaRefInfo[], row.media)),
        });
        bumpGroup.run({ groupId: found.groupId, tenantId: scope.tenantId, added: 0, time: row.time, severity });
        result.ids.push(found.id);
        result.created.push(false);
        result.groupIds.push(found.groupId);
        continue;
      }
      let groupId = targets.get(row.groupId);
      if (groupId === undefined) {
        groupId = resolveGroup(scope.tenantId, row.groupId);
        targets.set(row.groupId, groupId);
      }
      const id = newId();
      insert.run({
        id,
        tenantId: scope.tenantId,
        siteId: scope.siteId,
        sourceId: row.sourceId,
        externalId: row.externalId,
        templateId: row.templateId,
        groupId,
        time: row.time,
        receivedAt: row.receivedAt,
        severity,
        kind: row.kind,
        device: row.device,
        label: row.label,
        message: row.message,
        category: row.category,
        attributes: JSON.stringify(row.attributes),
        media: JSON.stringify(row.media),
      });
      bumpGroup.run({ groupId, tenantId: scope.tenantId, added: 1, time: row.time, severity });
      addMinute.run({ groupId, tenantId: scope.tenantId, minute: Math.floor(row.time / 60_000) });
      if (row.device !== null) {
        touchDevice.run({ tenantId: scope.tenantId, siteId: scope.siteId, device: row.device, time: row.time, id });
      }
      result.ids.push(id);
      result.created.push(true);
      result.groupIds.push(groupId);
    }
    return result;
  });

  return (scope, rows) => write(scope, rows);
}
