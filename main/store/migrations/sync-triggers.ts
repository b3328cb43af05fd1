/*
 * The triggers of migration 014 (sync): outbox entries and change-log rows written in the same
 * transaction as every synced change. Kept apart from the migration's tables so each file reads as one
 * thing; the SQL is exactly what 014 applied (its checksum covers the text, not the files).
 */

const NOW = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
export const NOT_APPLYING = '(SELECT applying FROM sync_apply_guard) = 0';

interface OutboxSpec {
  /** Trigger name part and table. */
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  columns?: string;
  row: 'NEW' | 'OLD';
  kind: string;
  ref: string;
  detail?: string;
  /** Which uplinks: the row's site (default) or every uplink of the row's tenant. */
  by?: 'site' | 'tenant';
  when?: string;
}

/** A trigger queueing one outbox entry per uplink the row belongs to. */
function outboxTrigger(spec: OutboxSpec): string {
  const { row } = spec;
  const match = spec.by === 'tenant' ? `tenant_id = ${row}.tenant_id` : `site_id = ${row}.site_id`;
  const live = `${match} AND state <> 'refused'`;
  const on = spec.columns ? `${spec.op} OF ${spec.columns}` : spec.op;
  return `
CREATE TRIGGER sync_out_${spec.table}_${spec.op.toLowerCase()}${spec.columns ? '_' + spec.columns.split(',')[0]!.trim() : ''} AFTER ${on} ON ${spec.table}
WHEN ${NOT_APPLYING} AND EXISTS (SELECT 1 FROM sync_uplinks WHERE ${live})${spec.when ? ` AND ${spec.when}` : ''}
BEGIN
  UPDATE sync_uplinks SET last_seq = last_seq + 1 WHERE ${live};
  INSERT INTO sync_outbox (site_id, seq, kind, ref, ref_to, detail, records, created_at)
    SELECT site_id, last_seq, '${spec.kind}', ${spec.ref}, NULL, ${spec.detail ?? 'NULL'}, 1, ${NOW} FROM sync_uplinks WHERE ${live};
END;`;
}

interface ChangeSpec {
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  columns?: string;
  row: 'NEW' | 'OLD';
  kind: string;
  docId: string;
  /** Which enrolled sites: the row's site, every site of the row's tenant, or the sites a subquery names. */
  sites: string;
  when?: string;
  suffix?: string;
}

/** A trigger moving a document's change-log row to the end, with the next version, for each enrolled site it concerns. */
function changeTrigger(spec: ChangeSpec): string {
  const on = spec.columns ? `${spec.op} OF ${spec.columns}` : spec.op;
  const name = `sync_log_${spec.table}_${spec.op.toLowerCase()}${spec.suffix ?? ''}`;
  return `
CREATE TRIGGER ${name} AFTER ${on} ON ${spec.table}
WHEN ${NOT_APPLYING} AND EXISTS (SELECT 1 FROM sync_sites s WHERE ${spec.sites})${spec.when ? ` AND ${spec.when}` : ''}
BEGIN
  INSERT INTO sync_changes (site_id, tenant_id, kind, doc_id, version, origin, at)
    SELECT s.site_id, s.tenant_id, '${spec.kind}', ${spec.docId},
      coalesce((SELECT max(c.version) FROM sync_changes c WHERE c.kind = '${spec.kind}' AND c.doc_id = ${spec.docId} AND c.site_id = s.site_id), 0) + 1,
      'hub', ${NOW}
    FROM sync_sites s WHERE ${spec.sites};
  DELETE FROM sync_changes WHERE kind = '${spec.kind}' AND doc_id = ${spec.docId}
    AND seq NOT IN (SELECT max(seq) FROM sync_changes WHERE kind = '${spec.kind}' AND doc_id = ${spec.docId} GROUP BY site_id);
END;`;
}

const siteOf = (row: 'NEW' | 'OLD') => `s.site_id = ${row}.site_id AND s.revoked_at IS NULL`;
const tenantOf = (row: 'NEW' | 'OLD') => `s.tenant_id = ${row}.tenant_id AND s.revoked_at IS NULL`;

const ops = ['INSERT', 'UPDATE', 'DELETE'] as const;
const rowOf = (op: (typeof ops)[number]) => (op === 'DELETE' ? 'OLD' : 'NEW');

const outbox = [
  // Event groups: created, renamed, re-categorised, re-tagged, merged away. Counts travel with the
  // groups' events (each push carries their groups' state), not with every batch.
  outboxTrigger({ table: 'event_groups', op: 'INSERT', row: 'NEW', kind: 'group', ref: 'NEW.id' }),
  outboxTrigger({
    table: 'event_groups',
    op: 'UPDATE',
    columns: 'template, category, tags',
    row: 'NEW',
    kind: 'group',
    ref: 'NEW.id',
  }),
  outboxTrigger({
    table: 'event_groups',
    op: 'UPDATE',
    columns: 'merged_into',
    row: 'NEW',
    kind: 'groupMerge',
    ref: 'NEW.id',
    detail: 'NEW.merged_into',
    when: 'NEW.merged_into IS NOT NULL AND OLD.merged_into IS NOT NEW.merged_into',
  }),
  outboxTrigger({ table: 'templates', op: 'INSERT', row: 'NEW', kind: 'group', ref: 'NEW.group_id' }),
  outboxTrigger({
    table: 'templates',
    op: 'UPDATE',
    columns: 'template',
    row: 'NEW',
    kind: 'group',
    ref: 'NEW.group_id',
  }),
  outboxTrigger({
    table: 'templates',
    op: 'UPDATE',
    columns: 'group_id',
    row: 'NEW',
    kind: 'templateMove',
    ref: 'NEW.id',
    detail: "json_object('from', OLD.group_id, 'to', NEW.group_id)",
    when: 'OLD.group_id <> NEW.group_id',
  }),
  // Events that change after their batch: acknowledged, or moved by a split by position (the only
  // change of an event's template). Merges and splits by template travel as one record each.
  outboxTrigger({
    table: 'events',
    op: 'UPDATE',
    columns: 'acknowledged_at',
    row: 'NEW',
    kind: 'event',
    ref: 'NEW.id',
    when: 'OLD.acknowledged_at IS NOT NEW.acknowledged_at',
  }),
  outboxTrigger({
    table: 'events',
    op: 'UPDATE',
    columns: 'template_seq',
    row: 'NEW',
    kind: 'event',
    ref: 'NEW.id',
    when: 'OLD.template_seq <> NEW.template_seq',
  }),
  outboxTrigger({ table: 'alerts', op: 'INSERT', row: 'NEW', kind: 'alert', ref: 'NEW.id' }),
  outboxTrigger({ table: 'alerts', op: 'UPDATE', row: 'NEW', kind: 'alert', ref: 'NEW.id' }),
  outboxTrigger({ table: 'audit_log', op: 'INSERT', row: 'NEW', kind: 'audit', ref: 'NEW.id', by: 'tenant' }),
  outboxTrigger({ table: 'media', op: 'INSERT', row: 'NEW', kind: 'media', ref: 'NEW.id' }),
  outboxTrigger({ table: 'media', op: 'UPDATE', row: 'NEW', kind: 'media', ref: 'NEW.id' }),
  // Documents both sides edit (rules for every site of a tenant come from the hub only).
  ...ops.map((op) =>
    outboxTrigger({ table: 'sources', op, row: rowOf(op), kind: 'doc', ref: `'source:' || ${rowOf(op)}.id` }),
  ),
  ...ops.map((op) =>
    outboxTrigger({
      table: 'alert_rules',
      op,
      row: rowOf(op),
      kind: 'doc',
      ref: `'alertRule:' || ${rowOf(op)}.id`,
      when: `${rowOf(op)}.site_id IS NOT NULL`,
    }),
  ),
  ...(['INSERT', 'UPDATE'] as const).flatMap((op) => [
    outboxTrigger({ table: 'sitemap_drafts', op, row: 'NEW', kind: 'doc', ref: "'sitemapDraft:draft'" }),
    outboxTrigger({ table: 'sitemap_integrations', op, row: 'NEW', kind: 'doc', ref: "'integration:integration'" }),
    outboxTrigger({ table: 'release_current', op, row: 'NEW', kind: 'doc', ref: "'releasePointer:' || NEW.env" }),
  ]),
].join('\n');

const changeLog = [
  ...ops.map((op) =>
    changeTrigger({
      table: 'sources',
      op,
      row: rowOf(op),
      kind: 'source',
      docId: `${rowOf(op)}.id`,
      sites: siteOf(rowOf(op)),
    }),
  ),
  ...ops.map((op) =>
    changeTrigger({
      table: 'alert_rules',
      op,
      row: rowOf(op),
      kind: 'alertRule',
      docId: `${rowOf(op)}.id`,
      sites: `(${rowOf(op)}.site_id IS NULL AND ${tenantOf(rowOf(op))}) OR (${siteOf(rowOf(op))})`,
    }),
  ),
  ...(['INSERT', 'UPDATE'] as const).flatMap((op) => [
    changeTrigger({
      table: 'sitemap_drafts',
      op,
      row: 'NEW',
      kind: 'sitemapDraft',
      docId: "'draft'",
      sites: siteOf('NEW'),
    }),
    changeTrigger({
      table: 'sitemap_integrations',
      op,
      row: 'NEW',
      kind: 'integration',
      docId: "'integration'",
      sites: siteOf('NEW'),
    }),
    changeTrigger({
      table: 'release_current',
      op,
      row: 'NEW',
      kind: 'releasePointer',
      docId: 'NEW.env',
      sites: siteOf('NEW'),
    }),
  ]),
  changeTrigger({
    table: 'releases',
    op: 'INSERT',
    row: 'NEW',
    kind: 'release',
    docId: 'CAST(NEW.version AS TEXT)',
    sites: siteOf('NEW'),
  }),
  ...ops.map((op) =>
    changeTrigger({
      table: 'users',
      op,
      row: rowOf(op),
      kind: 'user',
      docId: `${rowOf(op)}.id`,
      sites: tenantOf(rowOf(op)),
    }),
  ),
  // A hub user acknowledging or resolving a site's alert: the site hears of it.
  changeTrigger({
    table: 'alerts',
    op: 'UPDATE',
    columns: 'state, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note',
    row: 'NEW',
    kind: 'alert',
    docId: '(SELECT origin_id FROM sync_alert_origins WHERE alert_id = NEW.id)',
    sites: `${siteOf('NEW')} AND EXISTS (SELECT 1 FROM sync_alert_origins o WHERE o.alert_id = NEW.id)`,
  }),
].join('\n');

/** Every trigger name above, for `down`. */
export function triggerNames(sql: string): string[] {
  return [...sql.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => m[1]!);
}

export const TRIGGERS = `${outbox}\n${changeLog}`;

/** 014's triggers on one table (a migration that rebuilds the table creates them again, unchanged). */
export function triggersOn(table: string): string {
  return TRIGGERS.split(/\n(?=CREATE TRIGGER )/)
    .filter((statement) => statement.trim().split('\n', 1)[0]!.endsWith(` ON ${table}`))
    .join('\n');
}
