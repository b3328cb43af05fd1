import type { Database } from '../../native/sqlite/index.js';
import { OutpostError, type MediaRefInfo } from '../contract/index.js';
import { BatchTallies } from './batch-tallies.js';
import { newId } from './ids.js';
import { createMediaInsert, mediaRowsFor } from './media-rows.js';
import { createTallyWriter } from './tally-writer.js';
import type { EventInsert, InsertBatchResult, SiteScope } from './pipeline-types.js';
import { severityRank } from './severity-rank.js';
import { createOutboxRecorder } from './sync-outbox.js';

/** How many merged-into hops are followed before giving up (merges never chain deeper in practice). */
const MAX_MERGE_HOPS = 8;

/** Media of an update in place: earlier files stay, new ones are added (Frigate sends the snapshot, then the clip). */
function mergedMedia(before: MediaRefInfo[], after: MediaRefInfo[]): MediaRefInfo[] {
  const seen = new Set(before.map((m) => m.sha256));
  return [...before, ...after.filter((m) => !seen.has(m.sha256))];
}

type InsertParams = [
  id: string,
  tenantId: string,
  siteId: string,
  sourceId: string,
  externalId: string | null,
  templateId: string,
  groupId: string,
  time: number,
  receivedAt: number,
  severity: number,
  kind: string,
  device: string | null,
  label: string | null,
  message: string,
  category: string | null,
  attributes: string,
  media: string,
];

/** Most log lines carry no attributes and no media: their JSON is a constant, not a serialisation. */
function jsonOf(value: Record<string, unknown> | readonly unknown[]): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : JSON.stringify(value);
  for (const _key in value) return JSON.stringify(value);
  return '{}';
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
  // Positional parameters: binding 17 named ones from an object per row cost more than the insert's JS.
  const insert = db.prepare<InsertParams>(
    `INSERT INTO events (id, tenant_id, site_id, source_id, external_id, template_id, group_id, time, received_at,
       severity, kind, device, label, message, category, attributes, media)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE events SET severity = max(severity, @severity), device = coalesce(@device, device),
       label = coalesce(@label, label), message = @message, category = coalesce(@category, category),
       attributes = @attributes, media = @media
     WHERE id = @id AND tenant_id = @tenantId`,
  );
  // The FTS5 entry is written here, not by an AFTER INSERT trigger (dropped in migration 006): a
  // trigger that writes a virtual table makes every row's INSERT a statement savepoint, and FTS5
  // flushes its pending terms into a new segment at each savepoint — one tiny segment per event,
  // merged again and again. Written directly, the terms of a whole batch become one segment.
  const indexText = db.prepare<[number | bigint, string, string | null, string | null]>(
    'INSERT INTO events_fts (rowid, message, device, label) VALUES (?, ?, ?, ?)',
  );
  const writeTallies = createTallyWriter(db);
  const insertMedia = createMediaInsert(db);
  const recordForSync = createOutboxRecorder(db);

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
    const tallies = new BatchTallies();
    for (const row of rows) {
      const severity = severityRank(row.severity);
      const found = row.externalId === null ? undefined : existing.get(row.sourceId, row.externalId, scope.tenantId);
      if (found) {
        const before = JSON.parse(found.media) as MediaRefInfo[];
        const added = mediaRowsFor(
          insertMedia,
          { ...scope, eventId: found.id, device: row.device, label: row.label, time: row.time },
          mergedMedia(before, row.media).slice(before.length),
          row.receivedAt,
        );
        update.run({
          id: found.id,
          tenantId: scope.tenantId,
          severity,
          device: row.device,
          label: row.label,
          message: row.message,
          category: row.category,
          attributes: JSON.stringify(row.attributes),
          media: JSON.stringify([...before, ...added]),
        });
        tallies.group(found.groupId, 0, row.time, severity);
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
      const media =
        row.media.length === 0
          ? row.media
          : mediaRowsFor(
              insertMedia,
              { ...scope, eventId: id, device: row.device, label: row.label, time: row.time },
              row.media,
              row.receivedAt,
            );
      const { lastInsertRowid } = insert.run(
        id,
        scope.tenantId,
        scope.siteId,
        row.sourceId,
        row.externalId,
        row.templateId,
        groupId,
        row.time,
        row.receivedAt,
        severity,
        row.kind,
        row.device,
        row.label,
        row.message,
        row.category,
        jsonOf(row.attributes),
        jsonOf(media),
      );
      indexText.run(lastInsertRowid, row.message, row.device, row.label);
      tallies.group(groupId, 1, row.time, severity);
      tallies.minute(groupId, row.time);
      if (row.device !== null) tallies.device(row.device, row.time, id);
      result.ids.push(id);
      result.created.push(true);
      result.groupIds.push(groupId);
    }
    writeTallies(scope, tallies);
    recordForSync(scope, result);
    return result;
  });

  return (scope, rows) => write(scope, rows);
}
