import type { Database } from '../../native/sqlite/index.js';
import { TWO_WAY_DOC_KINDS, type SyncDocKind } from '../contract/index.js';
import type { EventRecord } from './event-rows.js';
import type { SiteScope } from './pipeline-types.js';
import { severityOfRank } from './severity-rank.js';
import type { OutboxItem, OutboxRow, SyncDocsRepository } from './sync-types.js';

/*
 * What an outbox entry stands for, read now: the rows' current states as push records (the shapes
 * of main/sync/protocol's records.ts), keyed by id so a long entry can continue in the next
 * request after the last key sent. An event carries its group's state before it (so the hub's
 * group counts follow), once per page.
 */

/** The store's event columns, with the template by id (the hub keys its own copies), without what stays local. */
type EventColumns = Omit<EventRecord, 'siteId' | 'redactions'> & { templateId: string };

// Events point at their template and group by seq (migration 011); records name them by id.
const EVENT_SELECT = `SELECT id, source_id AS sourceId, external_id AS externalId,
  (SELECT t.id FROM templates t WHERE t.seq = events.template_seq) AS templateId,
  (SELECT g.id FROM event_groups g WHERE g.seq = events.group_seq) AS groupId,
  time, received_at AS receivedAt, severity, kind, device, label, message, category, attributes, media,
  acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy FROM events`;

const eventRecord = (r: EventColumns) => ({
  type: 'event',
  ...r,
  severity: severityOfRank(r.severity),
  attributes: JSON.parse(r.attributes) as unknown,
  media: JSON.parse(r.media) as unknown,
});

export function createOutboxItems(
  db: Database,
  docs: SyncDocsRepository,
  docBase: (siteId: string, kind: SyncDocKind, docId: string) => number,
  held: (siteId: string, kind: SyncDocKind, docId: string) => boolean,
) {
  const eventsOfEntry = db.prepare<
    [{ site: string; tenant: string; from: string; to: string; updated: string; after: string; limit: number }],
    EventColumns
  >(
    // A page is found through the id index alone: the entry's range from `after`, limited, and the ids
    // it updated. (An OR of the two, or the site's own index, made SQLite read and sort all of the
    // site's events for every page: quadratic in the backlog.) The unary `+` keeps SQLite off the
    // site index.
    `${EVENT_SELECT} WHERE id IN (
         SELECT id FROM (SELECT id FROM events WHERE id > @after AND id BETWEEN @from AND @to
           AND +site_id = @site AND +tenant_id = @tenant ORDER BY id LIMIT @limit)
         UNION SELECT value FROM json_each(@updated) WHERE value > @after)
       AND +site_id = @site AND +tenant_id = @tenant ORDER BY id LIMIT @limit`,
  );
  const eventById = db.prepare<[string, string, string], EventColumns>(
    `${EVENT_SELECT} WHERE id = ? AND site_id = ? AND tenant_id = ?`,
  );
  const eventsOfSite = db.prepare<[string, string, string, number], EventColumns>(
    // In id order through the id index (see above), not the site index and a sort of every event.
    `${EVENT_SELECT} WHERE +site_id = ? AND +tenant_id = ? AND id > ? ORDER BY id LIMIT ?`,
  );

  const group = db.prepare<
    [string, string, string],
    {
      id: string;
      template: string;
      category: string | null;
      tags: string;
      count: number;
      firstSeen: number;
      lastSeen: number;
      severity: number;
      mergedInto: string | null;
    }
  >(
    `SELECT id, template, category, tags, count, first_seen AS firstSeen, last_seen AS lastSeen, severity, merged_into AS mergedInto
     FROM event_groups WHERE id = ? AND site_id = ? AND tenant_id = ?`,
  );
  const templatesOf = db.prepare<
    [string],
    {
      id: string;
      key: string;
      template: string;
      founding: number;
      joinedBy: string;
      similarity: number | null;
      joinedAt: number;
    }
  >(
    `SELECT id, key, template, founding, joined_by AS joinedBy, similarity, joined_at AS joinedAt FROM templates WHERE group_id = ? ORDER BY id`,
  );
  const groupIds = db
    .prepare<[string, string, string, number], string>(
      'SELECT id FROM event_groups WHERE site_id = ? AND tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
    )
    .pluck();

  const alert = db.prepare<[string, string, string], Record<string, unknown>>(
    `SELECT id, rule_id AS ruleId, dedupe_key AS dedupeKey, state, title, detail, severity, group_id AS groupId, device,
       occurrences, opened_at AS openedAt, last_seen_at AS lastSeenAt, acknowledged_at AS acknowledgedAt,
       acknowledged_by AS acknowledgedBy, resolved_at AS resolvedAt, resolved_by AS resolvedBy, note
     FROM alerts WHERE id = ? AND site_id = ? AND tenant_id = ?`,
  );
  const alertIds = db
    .prepare<[string, string, string, number], string>(
      'SELECT id FROM alerts WHERE site_id = ? AND tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
    )
    .pluck();

  const audit = db.prepare<[string, string], Record<string, unknown>>(
    `SELECT id, actor_user_id AS actorUserId, actor_email AS actorEmail, action, target_id AS targetId, detail, outcome,
       transport, address, at FROM audit_log WHERE id = ? AND tenant_id = ?`,
  );
  const auditIds = db
    .prepare<[string, string, number], string>(
      'SELECT id FROM audit_log WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
    )
    .pluck();

  const media = db.prepare<
    [string, string, string],
    {
      id: string;
      eventId: string;
      parentId: string | null;
      kind: string;
      sha256: string;
      contentType: string;
      size: number;
      device: string | null;
      label: string | null;
      capturedAt: number;
      createdAt: number;
      meta: string;
      local: number;
      removedReason: string | null;
      archivedAt: number | null;
    }
  >(
    `SELECT id, event_id AS eventId, parent_id AS parentId, kind, sha256, content_type AS contentType, size, device, label,
       captured_at AS capturedAt, created_at AS createdAt, meta, local, removed_reason AS removedReason, archived_at AS archivedAt
     FROM media WHERE id = ? AND site_id = ? AND tenant_id = ?`,
  );
  const mediaIds = db
    .prepare<[string, string, string, number], string>(
      'SELECT id FROM media WHERE site_id = ? AND tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
    )
    .pluck();

  function groupRecord(scope: SiteScope, id: string): unknown[] {
    const g = group.get(id, scope.siteId, scope.tenantId);
    if (!g) return [];
    return [
      {
        type: 'group',
        ...g,
        tags: JSON.parse(g.tags) as unknown,
        severity: severityOfRank(g.severity),
        templates: templatesOf.all(id).map((t) => ({ ...t, founding: t.founding === 1 })),
      },
    ];
  }

  /** Events as items, each after its group's state the first time the group appears in the page. */
  function eventItems(scope: SiteScope, rows: EventColumns[]): OutboxItem[] {
    const seen = new Set<string>();
    return rows.map((row) => {
      const records: unknown[] = [];
      if (!seen.has(row.groupId)) {
        seen.add(row.groupId);
        records.push(...groupRecord(scope, row.groupId));
      }
      records.push(eventRecord(row));
      return { key: row.id, records };
    });
  }

  const one = (key: string, records: unknown[]) => ({
    items: records.length > 0 ? [{ key, records }] : [],
    done: true,
  });

  function alertRecord(scope: SiteScope, id: string): unknown[] {
    const a = alert.get(id, scope.siteId, scope.tenantId);
    return a ? [{ type: 'alert', ...a }] : [];
  }
  function auditRecord(scope: SiteScope, id: string): unknown[] {
    const a = audit.get(id, scope.tenantId);
    return a ? [{ type: 'audit', ...a }] : [];
  }
  function mediaRecord(scope: SiteScope, id: string): unknown[] {
    const m = media.get(id, scope.siteId, scope.tenantId);
    if (!m) return [];
    const { local, archivedAt, meta, ...rest } = m;
    return [
      { type: 'media', ...rest, meta: JSON.parse(meta) as unknown, onSite: local === 1, archived: archivedAt !== null },
    ];
  }
  function docRecord(scope: SiteScope, key: string): unknown[] {
    const split = key.indexOf(':');
    const kind = key.slice(0, split) as SyncDocKind;
    const docId = key.slice(split + 1);
    // A document in conflict waits for a user: sending it would overwrite the hub's version.
    if (held(scope.siteId, kind, docId)) return [];
    return [
      {
        type: 'doc',
        kind,
        docId,
        baseVersion: docBase(scope.siteId, kind, docId),
        body: docs.read(scope, kind, docId),
      },
    ];
  }

  /** Pages of ids as items, for snapshots of whole tables. */
  function idPage(list: string[], limit: number, records: (id: string) => unknown[]) {
    const page = list.slice(0, limit);
    return { items: page.map((id) => ({ key: id, records: records(id) })), done: list.length <= limit };
  }

  function snapshot(
    scope: SiteScope,
    table: string,
    after: string | null,
    limit: number,
  ): { items: OutboxItem[]; done: boolean } {
    const from = after ?? '';
    switch (table) {
      case 'groups':
        return idPage(groupIds.all(scope.siteId, scope.tenantId, from, limit + 1), limit, (id) =>
          groupRecord(scope, id),
        );
      case 'events': {
        const rows = eventsOfSite.all(scope.siteId, scope.tenantId, from, limit + 1);
        return { items: eventItems(scope, rows.slice(0, limit)), done: rows.length <= limit };
      }
      case 'media':
        return idPage(mediaIds.all(scope.siteId, scope.tenantId, from, limit + 1), limit, (id) =>
          mediaRecord(scope, id),
        );
      case 'alerts':
        return idPage(alertIds.all(scope.siteId, scope.tenantId, from, limit + 1), limit, (id) =>
          alertRecord(scope, id),
        );
      case 'audit':
        return idPage(auditIds.all(scope.tenantId, from, limit + 1), limit, (id) => auditRecord(scope, id));
      case 'docs': {
        const keys = TWO_WAY_DOC_KINDS.flatMap((kind) => docs.ids(scope, kind).map((id) => `${kind}:${id}`))
          .filter((key) => key > from)
          .sort();
        return idPage(keys, limit, (key) => docRecord(scope, key));
      }
      default:
        return { items: [], done: true };
    }
  }

  return function items(
    scope: SiteScope,
    entry: OutboxRow,
    after: string | null,
    limit: number,
  ): { items: OutboxItem[]; done: boolean } {
    switch (entry.kind) {
      case 'events': {
        const rows = eventsOfEntry.all({
          site: scope.siteId,
          tenant: scope.tenantId,
          from: entry.ref,
          to: entry.refTo ?? entry.ref,
          updated: entry.detail ?? '[]',
          after: after ?? '',
          limit: limit + 1,
        });
        return { items: eventItems(scope, rows.slice(0, limit)), done: rows.length <= limit };
      }
      case 'snapshot':
        return snapshot(scope, entry.ref, after, limit);
    }
    if (after !== null) return { items: [], done: true };
    switch (entry.kind) {
      case 'event': {
        const row = eventById.get(entry.ref, scope.siteId, scope.tenantId);
        return row ? { items: eventItems(scope, [row]), done: true } : one(entry.ref, []);
      }
      case 'group':
        return one(entry.ref, groupRecord(scope, entry.ref));
      case 'groupMerge':
        return one(entry.ref, [
          { type: 'groupMerge', sourceId: entry.ref, targetId: entry.detail },
          ...groupRecord(scope, entry.detail ?? ''),
          ...groupRecord(scope, entry.ref),
        ]);
      case 'templateMove': {
        const move = JSON.parse(entry.detail ?? '{}') as { from: string; to: string };
        return one(entry.ref, [
          ...groupRecord(scope, move.to),
          { type: 'templateMove', templateId: entry.ref, fromGroupId: move.from, toGroupId: move.to },
          ...groupRecord(scope, move.from),
        ]);
      }
      case 'alert':
        return one(entry.ref, alertRecord(scope, entry.ref));
      case 'audit':
        return one(entry.ref, auditRecord(scope, entry.ref));
      case 'media':
        return one(entry.ref, mediaRecord(scope, entry.ref));
      case 'doc':
        return one(entry.ref, docRecord(scope, entry.ref));
      default:
        return one(entry.ref, []);
    }
  };
}
