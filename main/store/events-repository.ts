import type { Database, Statement } from '../../native/sqlite/index.js';
import { createEventBatchWriter } from './event-batch.js';
import { EVENT_COLUMNS, toEventRow, type EventRecord } from './event-rows.js';
import { decodeCursor, invalidCursor, pageOf } from './keyset-cursor.js';
import { createMediaRepository } from './media-repository.js';
import { describeMedia } from './media-rows.js';
import type { EventListQuery, EventRow, EventsRepository } from './pipeline-types.js';
import { severityRank } from './severity-rank.js';
import type { Scope } from './types.js';

interface ListParams {
  tenantId: string;
  siteId: string | null;
  since: number | null;
  until: number | null;
  device: string | null;
  label: string | null;
  severity: number | null;
  groupId: string | null;
  sourceId: string | null;
  kind: string | null;
  acknowledged: number | null;
  cursorTime: number | null;
  /** The last row's seq: unlike its id, it still orders the next page after that row was deleted. */
  cursorSeq: number | null;
  limit: number;
}

/** The filter whose index a list walks: a group, a device, a site, or (none of them) the tenant. */
type Lead = 'group' | 'device' | 'site' | 'tenant';

/** The API names a group by its id; events carry its seq. */
const GROUP_SEQ = '(SELECT g.seq FROM event_groups g WHERE g.id = @groupId AND g.tenant_id = @tenantId)';

/** Each lead's condition and index; the index is named so a plan change is an error, not a slow page. */
const LEADS: Record<Lead, { index: string; where: string }> = {
  group: { index: 'events_group_time', where: `e.group_seq = ${GROUP_SEQ}` },
  device: { index: 'events_device_time', where: 'e.device = @device' },
  site: { index: 'events_site_time', where: 'e.site_id = @siteId' },
  tenant: { index: 'events_tenant_time', where: '1' },
};

function leadOf(params: ListParams): Lead {
  if (params.groupId !== null) return 'group';
  if (params.device !== null) return 'device';
  if (params.siteId !== null) return 'site';
  return 'tenant';
}

/** A cursor's position names the row by its seq (as digits); anything else is not one of ours. */
function seqOf(position: string): number {
  if (!/^\d{1,15}$/u.test(position)) return invalidCursor();
  return Number(position);
}

function listSql(lead: Lead): string {
  return `SELECT ${EVENT_COLUMNS}, e.seq AS cursorSeq FROM events e INDEXED BY ${LEADS[lead].index}
     WHERE e.tenant_id = @tenantId AND ${LEADS[lead].where}
       AND (@siteId IS NULL OR e.site_id = @siteId)
       AND (@since IS NULL OR e.time >= @since)
       AND (@until IS NULL OR e.time <= @until)
       AND (@device IS NULL OR e.device = @device)
       AND (@label IS NULL OR e.label = @label)
       AND (@severity IS NULL OR e.severity >= @severity)
       AND (@groupId IS NULL OR e.group_seq = ${GROUP_SEQ})
       AND (@sourceId IS NULL OR e.source_id = @sourceId)
       AND (@kind IS NULL OR e.kind = @kind)
       AND (@acknowledged IS NULL OR (e.acknowledged_at IS NOT NULL) = @acknowledged)
       AND (@cursorTime IS NULL OR (e.time, e.seq) < (@cursorTime, @cursorSeq))
     ORDER BY e.time DESC, e.seq DESC
     LIMIT @limit`;
}

export function createEventsRepository(db: Database): EventsRepository {
  const byId = db.prepare<[string, string], EventRecord>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ? AND e.tenant_id = ?`,
  );
  const byIds = db.prepare<[string, string], EventRecord>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id IN (SELECT value FROM json_each(?)) AND e.tenant_id = ?`,
  );
  // NULL parameters switch a filter off. The most selective filter given leads (its own index, by
  // time): without that, SQLite would walk the whole tenant's time index for a rare device or group.
  const lists = new Map<Lead, Statement<[ListParams], EventRecord & { cursorSeq: number }>>();
  const listFor = (lead: Lead) => {
    let statement = lists.get(lead);
    if (!statement) {
      statement = db.prepare<[ListParams], EventRecord & { cursorSeq: number }>(listSql(lead));
      lists.set(lead, statement);
    }
    return statement;
  };
  // One index probe per device (events_device_time), stopping at its first detection.
  const cameras = db.prepare<[string, string, string], { device: string }>(
    `SELECT d.value AS device FROM json_each(?) d
     WHERE EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = ? AND e.device = d.value AND e.site_id = ?
                   AND (e.kind = 'detection' OR e.media != '[]'))`,
  );
  const acknowledge = db.prepare<[{ p1: string; p2: string; p3: number; p4: string; p5: string | null }]>(
    `UPDATE events SET acknowledged_at = @p3, acknowledged_by = @p4
     WHERE id IN (SELECT value FROM json_each(@p1)) AND tenant_id = @p2 AND (@p5 IS NULL OR site_id = @p5) AND acknowledged_at IS NULL`,
  );

  const media = createMediaRepository(db);
  /** Events keep their files' refs; the media rows say where each file is now and name its thumbnail. */
  function withMedia(scope: Scope, events: EventRow[]): EventRow[] {
    const ids = events.filter((e) => e.media.some((m) => m.id)).map((e) => e.id);
    if (ids.length === 0) return events;
    const rows = media.forEvents(scope, ids);
    return events.map((e) => {
      if (e.media.length === 0) return e;
      const own = rows.filter((r) => r.eventId === e.id);
      return { ...e, media: e.media.map((ref) => describeMedia(ref, own)) };
    });
  }

  /** A scope's site narrows every read; a filter naming another site then finds nothing. */
  function siteFilter(scope: Scope, siteId: string | undefined): string | null {
    if (scope.siteId && siteId && siteId !== scope.siteId) return '\u0000no-site';
    return scope.siteId ?? siteId ?? null;
  }

  return {
    insertBatch: createEventBatchWriter(db),
    get(scope, id) {
      const row = byId.get(id, scope.tenantId);
      if (!row || (scope.siteId && row.siteId !== scope.siteId)) return undefined;
      return withMedia(scope, [toEventRow(row)])[0];
    },
    getMany(scope, ids) {
      const rows = new Map(byIds.all(JSON.stringify(ids), scope.tenantId).map((r) => [r.id, r]));
      return withMedia(
        scope,
        ids.flatMap((id) => {
          const row = rows.get(id);
          return row && (!scope.siteId || row.siteId === scope.siteId) ? [toEventRow(row)] : [];
        }),
      );
    },
    camerasAmong(scope, siteId, devices) {
      const site = siteFilter(scope, siteId);
      if (site === null || devices.length === 0) return new Set();
      return new Set(cameras.all(JSON.stringify(devices), scope.tenantId, site).map((r) => r.device));
    },
    list(scope, query: EventListQuery) {
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const params: ListParams = {
        tenantId: scope.tenantId,
        siteId: siteFilter(scope, query.siteId),
        since: query.since ?? null,
        until: query.until ?? null,
        device: query.device ?? null,
        label: query.label ?? null,
        severity: query.severity === undefined ? null : severityRank(query.severity),
        groupId: query.groupId ?? null,
        sourceId: query.sourceId ?? null,
        kind: query.kind ?? null,
        acknowledged: query.acknowledged === undefined ? null : Number(query.acknowledged),
        cursorTime: cursor?.value ?? null,
        cursorSeq: cursor === undefined ? null : seqOf(cursor.id),
        limit: query.limit + 1,
      };
      const rows = listFor(leadOf(params)).all(params);
      const page = pageOf(rows, query.limit, (r) => ({ value: r.time, id: String(r.cursorSeq) }));
      return {
        items: withMedia(
          scope,
          page.items.map(({ cursorSeq: _seq, ...row }) => toEventRow(row)),
        ),
        nextCursor: page.nextCursor,
      };
    },
    acknowledge(scope, ids, by, at = Date.now()) {
      return acknowledge.run({ p1: JSON.stringify(ids), p2: scope.tenantId, p3: at, p4: by, p5: scope.siteId ?? null })
        .changes;
    },
  };
}
