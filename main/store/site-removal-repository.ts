import { OutpostError } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import { deleteGroupVectors } from './group-vectors-table.js';
import type { SiteScope } from './pipeline-types.js';

/** What removing a site takes with it (and, for tunnels, what stops it). */
export interface SiteRemovalImpact {
  sources: number;
  events: number;
  groups: number;
  alerts: number;
  /** Rules that watch only this site (rules for every site stay). */
  alertRules: number;
  devices: number;
  overlays: number;
  /** Base maps and overlay layers uploaded to the draft. */
  mapFiles: number;
  releases: number;
  /** Snapshot, clip, thumbnail and preview rows (the files go at the next reconciliation). */
  media: number;
  retentionRules: number;
  archiveTarget: boolean;
  /** Tunnel interfaces of the site: they must be removed first (their keys and the running interface). */
  tunnelInterfaces: string[];
  /** Hub peers naming the site: they stay, attached to no site. */
  tunnelPeers: number;
  sample: boolean;
}

export interface SiteRemovalRepository {
  /** What `remove` would delete; `not_found` when the site is not in the tenant. */
  impact(scope: SiteScope): SiteRemovalImpact;
  /**
   * Deletes the site and everything that belongs to it, in one transaction, and answers what went
   * with it plus the seq of every removed group (for the pipeline's in-memory indexes). Throws
   * `conflict` while the site still has tunnel interfaces.
   */
  remove(scope: SiteScope): { impact: SiteRemovalImpact; groupIds: string[] };
}

const count = (db: Database, sql: string) => db.prepare<[string, string], number>(sql).pluck();

/**
 * Removing a site, written out table by table. Children go before their parents so that every
 * foreign key holds at each step; releases, which the database otherwise refuses to delete, may go
 * only while a `site_removals` row names the site (migration 013), and only inside this transaction.
 */
export function createSiteRemovalRepository(db: Database): SiteRemovalRepository {
  const site = db.prepare<[string, string], number>('SELECT 1 FROM sites WHERE id = ? AND tenant_id = ?').pluck();
  const counters = {
    sources: count(db, 'SELECT count(*) FROM sources WHERE site_id = ? AND tenant_id = ?'),
    events: count(db, 'SELECT count(*) FROM events WHERE site_id = ? AND tenant_id = ?'),
    groups: count(db, 'SELECT count(*) FROM event_groups WHERE site_id = ? AND tenant_id = ?'),
    alerts: count(db, 'SELECT count(*) FROM alerts WHERE site_id = ? AND tenant_id = ?'),
    alertRules: count(db, 'SELECT count(*) FROM alert_rules WHERE site_id = ? AND tenant_id = ?'),
    devices: count(db, 'SELECT count(*) FROM devices WHERE site_id = ? AND tenant_id = ?'),
    overlays: count(db, 'SELECT count(*) FROM sitemap_overlays WHERE site_id = ? AND tenant_id = ?'),
    mapFiles: count(db, 'SELECT count(*) FROM sitemap_assets WHERE site_id = ? AND tenant_id = ?'),
    releases: count(db, 'SELECT count(*) FROM releases WHERE site_id = ? AND tenant_id = ?'),
    media: count(db, 'SELECT count(*) FROM media WHERE site_id = ? AND tenant_id = ?'),
    retentionRules: count(db, 'SELECT count(*) FROM retention_rules WHERE site_id = ? AND tenant_id = ?'),
    archiveTarget: count(db, 'SELECT count(*) FROM archive_targets WHERE site_id = ? AND tenant_id = ?'),
    tunnelPeers: count(db, 'SELECT count(*) FROM tunnel_peers WHERE site_id = ? AND tenant_id = ?'),
    sample: count(db, 'SELECT count(*) FROM sample_sites WHERE site_id = ? AND tenant_id = ?'),
  };
  const interfaces = db
    .prepare<[string, string], string>(
      'SELECT name FROM tunnel_interfaces WHERE site_id = ? AND tenant_id = ? ORDER BY name',
    )
    .pluck();
  const groups = db.prepare<[string, string], { id: string; seq: number }>(
    'SELECT id, seq FROM event_groups WHERE site_id = ? AND tenant_id = ?',
  );

  // In order: each statement takes rows whose children are already gone. Every one is bound to
  // (site, tenant), so no statement reaches another tenant's rows even with a guessed site id.
  const BY_SITE = '(SELECT id FROM events WHERE site_id = @site AND tenant_id = @tenant)';
  const GROUPS = '(SELECT id FROM event_groups WHERE site_id = @site AND tenant_id = @tenant)';
  const RELEASES = '(SELECT id FROM releases WHERE site_id = @site AND tenant_id = @tenant)';
  const where = 'site_id = @site AND tenant_id = @tenant';
  const steps = [
    `DELETE FROM source_checkpoints WHERE source_id IN (SELECT id FROM sources WHERE ${where})`,
    `DELETE FROM sources WHERE ${where}`,
    `DELETE FROM archive_uploads WHERE ${where}`,
    `DELETE FROM archive_targets WHERE ${where}`,
    `DELETE FROM retention_rules WHERE ${where}`,
    `DELETE FROM media_fetches WHERE ${where}`,
    `DELETE FROM media_keeps WHERE tenant_id = @tenant AND event_id IN ${BY_SITE}`,
    `DELETE FROM media WHERE ${where} AND parent_id IS NOT NULL`,
    `DELETE FROM media WHERE ${where}`,
    `DELETE FROM events WHERE ${where}`,
    `DELETE FROM alerts WHERE ${where}`,
    `DELETE FROM alert_rules WHERE ${where}`,
    `DELETE FROM devices WHERE ${where}`,
    `DELETE FROM group_minute_counts WHERE tenant_id = @tenant AND group_id IN ${GROUPS}`,
    `DELETE FROM templates WHERE ${where}`,
    // A group of another site merged into one of these (never made by Outpost, but possible in old data) is unmerged.
    `UPDATE event_groups SET merged_into = NULL WHERE merged_into IN ${GROUPS} AND NOT (${where})`,
    `UPDATE event_groups SET merged_into = NULL WHERE ${where}`,
    `DELETE FROM event_groups WHERE ${where}`,
    `DELETE FROM sitemap_drafts WHERE ${where}`,
    `DELETE FROM sitemap_overlays WHERE ${where}`,
    `DELETE FROM sitemap_assets WHERE ${where}`,
    `DELETE FROM sitemap_integrations WHERE ${where}`,
    `INSERT INTO site_removals (site_id) VALUES (@site)`,
    `DELETE FROM release_current WHERE ${where}`,
    `DELETE FROM release_assets WHERE release_id IN ${RELEASES}`,
    `DELETE FROM releases WHERE ${where}`,
    `DELETE FROM site_removals WHERE site_id = @site`,
    `DELETE FROM public_slugs WHERE ${where}`,
    `UPDATE tunnel_peers SET site_id = NULL WHERE ${where}`,
    `DELETE FROM sample_sites WHERE ${where}`,
    // Sync (migration 014): last, so what the deletes above queued for the hub goes with the site.
    `DELETE FROM alert_acknowledgements WHERE tenant_id = @tenant AND alert_id IN (SELECT alert_id FROM sync_alert_origins WHERE site_id = @site)`,
    `DELETE FROM sync_alert_origins WHERE site_id = @site`,
    `DELETE FROM sync_outbox WHERE site_id = @site`,
    `DELETE FROM sync_docs WHERE site_id = @site`,
    `DELETE FROM sync_conflicts WHERE site_id = @site`,
    `DELETE FROM sync_fragments WHERE site_id = @site`,
    `DELETE FROM sync_changes WHERE site_id = @site`,
    `DELETE FROM sync_uplinks WHERE ${where}`,
    `DELETE FROM sync_sites WHERE ${where}`,
    `UPDATE sync_enrolments SET site_id = NULL WHERE tenant_id = @tenant AND site_id = @site`,
    `DELETE FROM sites WHERE id = @site AND tenant_id = @tenant`,
  ].map((sql) => db.prepare<[{ site: string; tenant: string }]>(sql));

  function impact(scope: SiteScope): SiteRemovalImpact {
    const args = [scope.siteId, scope.tenantId] as const;
    if (site.get(...args) === undefined) {
      throw new OutpostError('not_found', `There is no site ${scope.siteId}. Check the id with sites.list.`);
    }
    const n = (key: keyof typeof counters) => counters[key].get(...args) ?? 0;
    return {
      sources: n('sources'),
      events: n('events'),
      groups: n('groups'),
      alerts: n('alerts'),
      alertRules: n('alertRules'),
      devices: n('devices'),
      overlays: n('overlays'),
      mapFiles: n('mapFiles'),
      releases: n('releases'),
      media: n('media'),
      retentionRules: n('retentionRules'),
      archiveTarget: n('archiveTarget') > 0,
      tunnelInterfaces: interfaces.all(...args),
      tunnelPeers: n('tunnelPeers'),
      sample: n('sample') > 0,
    };
  }

  const remove = db.transaction((scope: SiteScope) => {
    const before = impact(scope);
    if (before.tunnelInterfaces.length > 0) {
      throw new OutpostError(
        'conflict',
        `The site still has the tunnel interface ${before.tunnelInterfaces.join(', ')}. Remove it in Settings → Tunnels first: it holds keys and may be running.`,
      );
    }
    const removed = groups.all(scope.siteId, scope.tenantId);
    deleteGroupVectors(
      db,
      removed.map((g) => g.seq),
    );
    const params = { site: scope.siteId, tenant: scope.tenantId };
    for (const step of steps) step.run(params);
    return { impact: before, groupIds: removed.map((g) => g.id) };
  });

  return { impact, remove: (scope) => remove(scope) };
}
