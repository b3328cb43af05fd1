import type { Database } from '../../native/sqlite/index.js';
import type { SiteScope } from './pipeline-types.js';
import { severityRank } from './severity-rank.js';
import { mirrorId } from './sync-ids.js';

/*
 * The hub's copy of a site's records, written under the hub's id for the site and ids derived from
 * the site's (mirrorId), so a replay finds its own rows. The hub never runs the pipeline on them:
 * events keep the site's time and get the hub's receive time; groups, templates and alerts take the
 * site's state; per-minute counts and device last-seen are kept from the events' own times, so
 * charts and spike windows on the hub line up with the site's clock, whatever the hub's says.
 * Every record is idempotent, and the caller applies them in the site's order.
 */

type Row = Record<string, unknown>;

const ALERT_RANK: Record<string, number> = { open: 0, acknowledged: 1, resolved: 2 };
const ON_SITE = 'Kept on the site: the hub holds its description, not the file.';

export function createSyncApplier(db: Database) {
  // Events point at their template and group by seq (migration 011); records name them by id.
  const eventAt = db.prepare<[string], { seq: number; groupId: string; time: number }>(
    'SELECT e.seq, g.id AS groupId, e.time FROM events e JOIN event_groups g ON g.seq = e.group_seq WHERE e.id = ?',
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (id, tenant_id, site_id, source_id, external_id, template_seq, group_seq, time, received_at,
       severity, kind, device, label, message, category, attributes, media, acknowledged_at, acknowledged_by)
     VALUES (@id, @tenantId, @siteId, @sourceId, @externalId, (SELECT seq FROM templates WHERE id = @templateId),
       (SELECT seq FROM event_groups WHERE id = @groupId), @time, @receivedAt, @severity, @kind,
       @device, @label, @message, @category, @attributes, @media, @acknowledgedAt, @acknowledgedBy)`,
  );
  const updateEvent = db.prepare(
    `UPDATE events SET template_seq = (SELECT seq FROM templates WHERE id = @templateId), group_seq = (SELECT seq FROM event_groups WHERE id = @groupId),
       severity = @severity, device = @device, label = @label,
       message = @message, category = @category, attributes = @attributes, media = @media,
       acknowledged_at = @acknowledgedAt, acknowledged_by = @acknowledgedBy
     WHERE seq = @seq`,
  );
  // Events reach events_fts from their writer (migration 006), here as in the batch writer.
  const indexText = db.prepare<[number | bigint, string, string | null, string | null]>(
    'INSERT INTO events_fts (rowid, message, device, label) VALUES (?, ?, ?, ?)',
  );
  const addMinute = db.prepare<[string, number, string, number]>(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count) SELECT ?, ?, ?, ? WHERE true
     ON CONFLICT (group_id, minute) DO UPDATE SET count = max(0, count + excluded.count)`,
  );
  const device = db.prepare(
    `INSERT INTO devices (tenant_id, site_id, device, last_seen, last_event_id, events) VALUES (@tenantId, @siteId, @device, @time, @id, 1)
     ON CONFLICT (tenant_id, site_id, device) DO UPDATE SET events = events + 1,
       last_event_id = CASE WHEN excluded.last_seen >= last_seen THEN excluded.last_event_id ELSE last_event_id END,
       last_seen = max(last_seen, excluded.last_seen)`,
  );

  const groupExists = db.prepare<[string], number>('SELECT 1 FROM event_groups WHERE id = ?').pluck();
  const stubGroup = db.prepare(
    `INSERT INTO event_groups (id, tenant_id, site_id, template, first_seen, last_seen) VALUES (@id, @tenantId, @siteId, '', @at, @at)
     ON CONFLICT (id) DO NOTHING`,
  );
  const upsertGroup = db.prepare(
    `INSERT INTO event_groups (id, tenant_id, site_id, template, category, tags, count, first_seen, last_seen, severity, merged_into)
     VALUES (@id, @tenantId, @siteId, @template, @category, @tags, @count, @firstSeen, @lastSeen, @severity, @mergedInto)
     ON CONFLICT (id) DO UPDATE SET template = excluded.template, category = excluded.category, tags = excluded.tags,
       count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen, severity = excluded.severity,
       merged_into = excluded.merged_into
     WHERE event_groups.tenant_id = excluded.tenant_id AND event_groups.site_id = excluded.site_id`,
  );
  const upsertTemplate = db.prepare(
    `INSERT INTO templates (id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at)
     VALUES (@id, @tenantId, @siteId, @groupId, @key, @template, @founding, @joinedBy, @similarity, @joinedAt)
     ON CONFLICT (id) DO UPDATE SET group_id = excluded.group_id, template = excluded.template, founding = excluded.founding,
       joined_by = excluded.joined_by, similarity = excluded.similarity
     WHERE templates.site_id = excluded.site_id`,
  );
  const templateKeyTaken = db
    .prepare<[string, string, string, string], number>(
      'SELECT 1 FROM templates WHERE tenant_id = ? AND site_id = ? AND key = ? AND id <> ?',
    )
    .pluck();

  const moveTemplates = db.prepare<[string, string, string]>(
    'UPDATE templates SET group_id = ?, founding = 0 WHERE group_id = ? AND site_id = ?',
  );
  const moveEvents = db.prepare<[string, string, string]>(
    `UPDATE events SET group_seq = (SELECT seq FROM event_groups WHERE id = ?)
     WHERE group_seq = (SELECT seq FROM event_groups WHERE id = ?) AND site_id = ?`,
  );
  const moveMinutes = db.prepare<[{ p1: string; p2: string }]>(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count)
     SELECT @p1, minute, tenant_id, count FROM group_minute_counts WHERE group_id = @p2 AND true
     ON CONFLICT (group_id, minute) DO UPDATE SET count = count + excluded.count`,
  );
  const dropMinutes = db.prepare<[string]>('DELETE FROM group_minute_counts WHERE group_id = ?');
  const rebuildMinutes = db.prepare<[string]>(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count)
     SELECT g.id, e.time / 60000, e.tenant_id, count(*) FROM events e JOIN event_groups g ON g.seq = e.group_seq
     WHERE g.id = ? GROUP BY e.time / 60000`,
  );
  const markMerged = db.prepare<[{ target: string; source: string; site: string }]>(
    'UPDATE event_groups SET merged_into = @target, count = 0 WHERE (id = @source OR merged_into = @source) AND site_id = @site',
  );
  const moveTemplate = db.prepare<[string, string, string]>(
    'UPDATE templates SET group_id = ? WHERE id = ? AND site_id = ?',
  );
  const moveTemplateEvents = db.prepare<[string, string, string, string]>(
    `UPDATE events SET group_seq = (SELECT seq FROM event_groups WHERE id = ?)
     WHERE group_seq = (SELECT seq FROM event_groups WHERE id = ?) AND template_seq = (SELECT seq FROM templates WHERE id = ?) AND site_id = ?`,
  );

  const alertById = db.prepare<[string], Row>(
    `SELECT site_id AS siteId, state, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy,
       resolved_at AS resolvedAt, resolved_by AS resolvedBy, note FROM alerts WHERE id = ?`,
  );
  const insertAlert = db.prepare(
    `INSERT INTO alerts (id, tenant_id, site_id, rule_id, dedupe_key, state, title, detail, severity, group_id, device,
       occurrences, opened_at, last_seen_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note)
     VALUES (@id, @tenantId, @siteId, @ruleId, @dedupeKey, @state, @title, @detail, @severity, @groupId, @device,
       @occurrences, @openedAt, @lastSeenAt, @acknowledgedAt, @acknowledgedBy, @resolvedAt, @resolvedBy, @note)`,
  );
  const updateAlert = db.prepare(
    `UPDATE alerts SET state = @state, title = @title, detail = @detail, severity = @severity, group_id = @groupId,
       device = @device, occurrences = max(occurrences, @occurrences), last_seen_at = max(last_seen_at, @lastSeenAt),
       acknowledged_at = @acknowledgedAt, acknowledged_by = @acknowledgedBy, resolved_at = @resolvedAt,
       resolved_by = @resolvedBy, note = @note
     WHERE id = @id`,
  );
  // A live alert of the same key the hub still holds open: the site's newer one replaces it.
  const supersede = db.prepare<[number, string, string, string, string]>(
    `UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = 'sync', note = 'Replaced by a newer alert from the site.'
     WHERE tenant_id = ? AND site_id = ? AND dedupe_key = ? AND state <> 'resolved' AND id <> ?`,
  );
  const origin = db.prepare<[string, string, string]>(
    'INSERT INTO sync_alert_origins (alert_id, site_id, origin_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const recordAck = db.prepare<[string, string, string, number, string]>(
    'INSERT INTO alert_acknowledgements (alert_id, tenant_id, by, at, via) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );

  const insertAudit = db.prepare(
    `INSERT INTO audit_log (id, tenant_id, actor_user_id, actor_email, action, target_id, detail, outcome, transport, address, at)
     VALUES (@id, @tenantId, @actorUserId, @actorEmail, @action, @targetId, @detail, @outcome, @transport, @address, @at)
     ON CONFLICT (id) DO NOTHING`,
  );

  const mediaExists = db.prepare<[string], number>('SELECT 1 FROM media WHERE id = ?').pluck();
  const upsertMedia = db.prepare(
    `INSERT INTO media (id, tenant_id, site_id, event_id, parent_id, kind, sha256, content_type, size, device, label,
       captured_at, created_at, meta, derive_state, local, removed_at, removed_reason)
     VALUES (@id, @tenantId, @siteId, @eventId, @parentId, @kind, @sha256, @contentType, @size, @device, @label,
       @capturedAt, @createdAt, @meta, 'none', 0, @receivedAt, @removedReason)
     ON CONFLICT (id) DO UPDATE SET parent_id = coalesce(excluded.parent_id, parent_id), meta = excluded.meta,
       removed_reason = excluded.removed_reason
     WHERE media.site_id = excluded.site_id`,
  );

  const mediaRefs = (site: string, refs: Row[]) =>
    JSON.stringify(
      refs.map((ref) => {
        const out: Row = { ...ref };
        for (const key of ['id', 'thumbnailId', 'previewId']) {
          if (typeof out[key] === 'string') out[key] = mirrorId(site, out[key]);
        }
        // Files stay on the site: the hub shows the description and says where the file is.
        delete out.state;
        delete out.kept;
        return { ...out, state: 'expired', removedReason: ON_SITE };
      }),
    );

  function ensureGroup(scope: SiteScope, id: string, at: number): void {
    if (groupExists.get(id) === undefined) stubGroup.run({ id, tenantId: scope.tenantId, siteId: scope.siteId, at });
  }

  // Every event names its source, template and group: the same few ids across a batch, whose
  // hashes were a quarter of the hub's apply time. The map is dropped when it grows (a site with
  // very many templates), so it stays small.
  const mirrored = new Map<string, string>();
  const mirrorOfShared = (site: string, origin: string): string => {
    const key = `${site}\u0000${origin}`;
    let id = mirrored.get(key);
    if (id === undefined) {
      if (mirrored.size >= 10_000) mirrored.clear();
      id = mirrorId(site, origin);
      mirrored.set(key, id);
    }
    return id;
  };

  function event(scope: SiteScope, r: Row, receivedAt: number): void {
    const site = scope.siteId;
    const id = mirrorId(site, r.id as string);
    const values = {
      id,
      tenantId: scope.tenantId,
      siteId: site,
      sourceId: mirrorOfShared(site, r.sourceId as string),
      externalId: r.externalId,
      templateId: mirrorOfShared(site, r.templateId as string),
      groupId: mirrorOfShared(site, r.groupId as string),
      time: r.time,
      receivedAt,
      severity: severityRank(r.severity as never),
      kind: r.kind,
      device: r.device,
      label: r.label,
      message: r.message,
      category: r.category,
      attributes: JSON.stringify(r.attributes),
      media: mediaRefs(site, r.media as Row[]),
      acknowledgedAt: r.acknowledgedAt,
      acknowledgedBy: r.acknowledgedBy,
    };
    const minute = Math.floor((r.time as number) / 60_000);
    const existing = eventAt.get(id);
    if (!existing) {
      const { lastInsertRowid } = insertEvent.run(values);
      indexText.run(
        lastInsertRowid,
        values.message as string,
        values.device as string | null,
        values.label as string | null,
      );
      addMinute.run(values.groupId, minute, scope.tenantId, 1);
      if (values.device !== null)
        device.run({ tenantId: scope.tenantId, siteId: site, device: values.device, time: r.time, id });
      return;
    }
    updateEvent.run({ ...values, seq: existing.seq });
    if (existing.groupId !== values.groupId) {
      addMinute.run(existing.groupId, Math.floor(existing.time / 60_000), scope.tenantId, -1);
      addMinute.run(values.groupId, minute, scope.tenantId, 1);
    }
  }

  function group(scope: SiteScope, r: Row, at: number): void {
    const site = scope.siteId;
    const id = mirrorId(site, r.id as string);
    const mergedInto = r.mergedInto === null ? null : mirrorId(site, r.mergedInto as string);
    if (mergedInto !== null) ensureGroup(scope, mergedInto, at);
    upsertGroup.run({
      id,
      tenantId: scope.tenantId,
      siteId: site,
      template: r.template,
      category: r.category,
      tags: JSON.stringify(r.tags),
      count: r.count,
      firstSeen: r.firstSeen,
      lastSeen: r.lastSeen,
      severity: severityRank(r.severity as never),
      mergedInto,
    });
    for (const t of r.templates as Row[]) {
      const templateId = mirrorId(site, t.id as string);
      // A key another template holds on the hub (the site re-keyed it) would break the unique index: skip it.
      if (templateKeyTaken.get(scope.tenantId, site, t.key as string, templateId) !== undefined) continue;
      upsertTemplate.run({
        id: templateId,
        tenantId: scope.tenantId,
        siteId: site,
        groupId: id,
        key: t.key,
        template: t.template,
        founding: t.founding ? 1 : 0,
        joinedBy: t.joinedBy,
        similarity: t.similarity,
        joinedAt: t.joinedAt,
      });
    }
  }

  function groupMerge(scope: SiteScope, r: Row, at: number): void {
    const site = scope.siteId;
    const source = mirrorId(site, r.sourceId as string);
    const target = mirrorId(site, r.targetId as string);
    ensureGroup(scope, source, at);
    ensureGroup(scope, target, at);
    moveTemplates.run(target, source, site);
    moveEvents.run(target, source, site);
    moveMinutes.run({ p1: target, p2: source });
    dropMinutes.run(source);
    markMerged.run({ target, source, site });
  }

  function templateMove(scope: SiteScope, r: Row, at: number): void {
    const site = scope.siteId;
    const template = mirrorId(site, r.templateId as string);
    const from = mirrorId(site, r.fromGroupId as string);
    const to = mirrorId(site, r.toGroupId as string);
    ensureGroup(scope, to, at);
    moveTemplate.run(to, template, site);
    moveTemplateEvents.run(to, from, template, site);
    for (const id of [from, to]) {
      dropMinutes.run(id);
      rebuildMinutes.run(id);
    }
  }

  /**
   * The site's alert, merged with what hub users did to it: states only move forward (open →
   * acknowledged → resolved), and the first acknowledgement the hub saw stays on the alert while
   * the other is kept in alert_acknowledgements. Answers whether the hub's copy now differs from
   * what the site sent (the site then hears of it).
   */
  function alert(scope: SiteScope, r: Row, at: number): boolean {
    const site = scope.siteId;
    const id = mirrorId(site, r.id as string);
    const values: Row = {
      ...r,
      id,
      tenantId: scope.tenantId,
      siteId: site,
      groupId: r.groupId === null ? null : mirrorId(site, r.groupId as string),
    };
    delete values.type;
    const existing = alertById.get(id);
    if (!existing) {
      if (r.state !== 'resolved') supersede.run(at, scope.tenantId, site, r.dedupeKey as string, id);
      insertAlert.run(values);
      origin.run(id, site, r.id as string);
      return false;
    }
    if (existing.siteId !== site) return false;
    const merged: Row = { ...values };
    if (ALERT_RANK[existing.state as string]! > ALERT_RANK[r.state as string]!) merged.state = existing.state;
    if (existing.acknowledgedBy !== null) {
      if (
        r.acknowledgedBy !== null &&
        (r.acknowledgedBy !== existing.acknowledgedBy || r.acknowledgedAt !== existing.acknowledgedAt)
      ) {
        recordAck.run(id, scope.tenantId, r.acknowledgedBy as string, r.acknowledgedAt as number, 'site');
      }
      merged.acknowledgedBy = existing.acknowledgedBy;
      merged.acknowledgedAt = existing.acknowledgedAt;
    }
    if (existing.resolvedAt !== null) {
      merged.resolvedAt = existing.resolvedAt;
      merged.resolvedBy = existing.resolvedBy;
      merged.note = existing.note;
    }
    updateAlert.run(merged);
    return merged.state !== r.state || merged.acknowledgedBy !== r.acknowledgedBy || merged.resolvedAt !== r.resolvedAt;
  }

  function audit(scope: SiteScope, r: Row): void {
    insertAudit.run({
      id: mirrorId(scope.siteId, r.id as string),
      tenantId: scope.tenantId,
      actorUserId: r.actorUserId,
      actorEmail: r.actorEmail,
      action: r.action,
      targetId: r.targetId,
      detail: JSON.stringify({ site: scope.siteId, detail: safeJson(r.detail as string) }),
      outcome: r.outcome,
      transport: `sync:${String(r.transport)}`.slice(0, 40),
      address: r.address,
      at: r.at,
    });
  }

  function media(scope: SiteScope, r: Row, receivedAt: number): void {
    const site = scope.siteId;
    const parent = r.parentId === null ? null : mirrorId(site, r.parentId as string);
    upsertMedia.run({
      id: mirrorId(site, r.id as string),
      tenantId: scope.tenantId,
      siteId: site,
      eventId: mirrorId(site, r.eventId as string),
      parentId: parent !== null && mediaExists.get(parent) !== undefined ? parent : null,
      kind: r.kind,
      sha256: r.sha256,
      contentType: r.contentType,
      size: r.size,
      device: r.device,
      label: r.label,
      capturedAt: r.capturedAt,
      createdAt: r.createdAt,
      meta: JSON.stringify(r.meta),
      receivedAt,
      removedReason: r.onSite ? ON_SITE : ((r.removedReason as string | null) ?? 'Removed on the site.'),
    });
  }

  return { event, group, groupMerge, templateMove, alert, audit, media };
}

/** The site's audit detail as JSON if it is JSON, else as text (the hub's column must hold JSON). */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export type SyncApplier = ReturnType<typeof createSyncApplier>;
