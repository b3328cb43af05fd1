import { timeBatch, type Database } from '../../native/sqlite/index.js';
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
  templateSeq: number,
  groupSeq: number,
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
  redactions: string | null,
];

/** Template ids name rows that never change key: their seqs are remembered (up to this many). */
const TEMPLATE_SEQS_KEPT = 50_000;

/** Most log lines carry no attributes and no media: their JSON is a constant, not a serialisation. */
function jsonOf(value: Record<string, unknown> | readonly unknown[]): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : JSON.stringify(value);
  for (const _key in value) return JSON.stringify(value);
  return '{}';
}

/** NULL for the usual event that no rule changed, so nothing is stored for it. */
function redactionsOf(counts: Record<string, number> | undefined): string | null {
  if (counts === undefined) return null;
  for (const _key in counts) return JSON.stringify(counts);
  return null;
}

interface GroupTarget {
  seq: number;
  id: string;
}

/** Builds the one-transaction batch writer behind `events.insertBatch`. */
export function createEventBatchWriter(
  db: Database,
): (scope: SiteScope, rows: readonly EventInsert[]) => InsertBatchResult {
  // The statements run per row (or per group) are untimed; the whole batch (its transaction, or its
  // savepoint inside the pipeline's) is one `events.insert_batch` run. The once-per-batch statements
  // (FTS, tallies, outbox) keep their own names.
  const { untimed, time } = timeBatch(db, 'insert_batch');
  const existing = untimed.prepare<[string, string, string], { id: string; groupId: string; media: string }>(
    `SELECT e.id, g.id AS groupId, e.media FROM events e JOIN event_groups g ON g.seq = e.group_seq
     WHERE e.source_id = ? AND e.external_id = ? AND e.tenant_id = ?`,
  );
  const groupTarget = untimed.prepare<[string, string], { seq: number; mergedInto: string | null }>(
    'SELECT seq, merged_into AS mergedInto FROM event_groups WHERE id = ? AND tenant_id = ?',
  );
  const templateSeq = untimed
    .prepare<[string, string], number>('SELECT seq FROM templates WHERE id = ? AND tenant_id = ?')
    .pluck();
  // Positional parameters: binding 17 named ones from an object per row cost more than the insert's JS.
  const insert = untimed.prepare<InsertParams>(
    `INSERT INTO events (id, tenant_id, site_id, source_id, external_id, template_seq, group_seq, time, received_at,
       severity, kind, device, label, message, category, attributes, media, redactions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = untimed.prepare(
    `UPDATE events SET severity = max(severity, @severity), device = coalesce(@device, device),
       label = coalesce(@label, label), message = @message, category = coalesce(@category, category),
       attributes = @attributes, media = @media, redactions = @redactions
     WHERE id = @id AND tenant_id = @tenantId`,
  );
  // The batch's new rows reach FTS5 in one statement that reads them back by seq: no trigger (one
  // statement savepoint, and one tiny FTS5 segment, per row; dropped in migration 006) and no
  // statement per row. Updates in place keep their trigger (events_fts_update).
  const indexText = db.prepare<[number, number]>(
    `INSERT INTO events_fts (rowid, message, device, label)
     SELECT seq, message, device, label FROM events WHERE seq BETWEEN ? AND ?`,
  );
  const writeTallies = createTallyWriter(db);
  const insertMedia = createMediaInsert(untimed);
  // Per tenant, so a lookup made for one tenant never answers another's.
  const templateSeqs = new Map<string, Map<string, number>>();
  const recordForSync = createOutboxRecorder(db);

  /** The group a row is counted in: its own, or the one it was merged into. */
  function resolveGroup(tenantId: string, groupId: string): GroupTarget {
    let current = groupId;
    let target: GroupTarget | undefined;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      const row = groupTarget.get(current, tenantId);
      if (!row) {
        // A pipeline bug, not bad input: the whole batch is refused so no event points nowhere.
        throw new OutpostError(
          'not_found',
          `Group ${current} does not exist in this tenant; the batch was not stored.`,
        );
      }
      target = { seq: row.seq, id: current };
      if (!row.mergedInto) return target;
      current = row.mergedInto;
    }
    return target!;
  }

  function seqOfTemplate(tenantId: string, templateId: string): number {
    let known = templateSeqs.get(tenantId);
    if (!known) templateSeqs.set(tenantId, (known = new Map()));
    let seq = known.get(templateId);
    if (seq !== undefined) return seq;
    seq = templateSeq.get(templateId, tenantId);
    if (seq === undefined) {
      throw new OutpostError(
        'not_found',
        `Template ${templateId} does not exist in this tenant; the batch was not stored.`,
      );
    }
    // Ids are never reused, so a remembered seq is right for as long as its template exists.
    if (known.size >= TEMPLATE_SEQS_KEPT) known.clear();
    known.set(templateId, seq);
    return seq;
  }

  const write = untimed.transaction((scope: SiteScope, rows: readonly EventInsert[]): InsertBatchResult => {
    const result: InsertBatchResult = { ids: [], created: [], groupIds: [] };
    const targets = new Map<string, GroupTarget>();
    const tallies = new BatchTallies();
    let firstSeq = 0;
    let lastSeq = 0;
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
          redactions: redactionsOf(row.redactions),
        });
        tallies.group(found.groupId, 0, row.time, severity);
        result.ids.push(found.id);
        result.created.push(false);
        result.groupIds.push(found.groupId);
        continue;
      }
      let group = targets.get(row.groupId);
      if (group === undefined) {
        group = resolveGroup(scope.tenantId, row.groupId);
        targets.set(row.groupId, group);
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
      const seq = Number(
        insert.run(
          id,
          scope.tenantId,
          scope.siteId,
          row.sourceId,
          row.externalId,
          seqOfTemplate(scope.tenantId, row.templateId),
          group.seq,
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
          redactionsOf(row.redactions),
        ).lastInsertRowid,
      );
      if (firstSeq === 0) firstSeq = seq;
      lastSeq = seq;
      tallies.group(group.id, 1, row.time, severity);
      tallies.minute(group.id, row.time);
      if (row.device !== null) tallies.device(row.device, row.time, id);
      result.ids.push(id);
      result.created.push(true);
      result.groupIds.push(group.id);
    }
    if (firstSeq !== 0) indexText.run(firstSeq, lastSeq);
    writeTallies(scope, tallies);
    recordForSync(scope, result);
    return result;
  });

  return time((scope: SiteScope, rows: readonly EventInsert[]) => write(scope, rows));
}
