import type { ReleaseEnv } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import type { SiteScope } from './pipeline-types.js';
import { createPublicSlugs } from './public-slugs.js';
import { createSiteLookup } from './site-lookup.js';
import type { NewRelease, PublicRelease, ReleaseAssetRef, ReleaseRow, ReleasesRepository } from './sitemap-types.js';

type ReleaseRecord = Omit<ReleaseRow, 'current'> & { current: 0 | 1; json: string };

// `current` is read from the pointer, so rollback never has to touch the (immutable) release row.
const RELEASE_FROM = `
  SELECT r.id, r.tenant_id AS tenantId, r.site_id AS siteId, r.version, r.env, r.sha256, r.note,
    r.published_by AS publishedBy, u.email AS publishedByEmail, r.published_at AS publishedAt, r.overlays,
    (c.release_id IS NOT NULL) AS current, r.manifest AS json
  FROM releases r
  LEFT JOIN users u ON u.id = r.published_by AND u.tenant_id = r.tenant_id
  LEFT JOIN release_current c ON c.site_id = r.site_id AND c.env = r.env AND c.release_id = r.id`;

function toRow(r: ReleaseRecord): ReleaseRow {
  const { json: _json, ...row } = r;
  return { ...row, current: r.current === 1 };
}

function withJson(r: ReleaseRecord): { release: ReleaseRow; json: string } {
  return { release: toRow(r), json: r.json };
}

export function createReleasesRepository(db: Database): ReleasesRepository {
  const requireSite = createSiteLookup(db);
  const slugs = createPublicSlugs(db);

  const byId = db.prepare<[string], ReleaseRecord>(`${RELEASE_FROM} WHERE r.id = ?`);
  const list = db.prepare<[{ tenantId: string; siteId: string; env: ReleaseEnv | null }], ReleaseRecord>(
    `${RELEASE_FROM}
     WHERE r.tenant_id = @tenantId AND r.site_id = @siteId AND (@env IS NULL OR r.env = @env)
     ORDER BY r.version DESC`,
  );
  const byVersion = db.prepare<[string, string, number], ReleaseRecord>(
    `${RELEASE_FROM} WHERE r.tenant_id = ? AND r.site_id = ? AND r.version = ?`,
  );
  const currentOf = db.prepare<[string, string, ReleaseEnv], ReleaseRecord>(
    `${RELEASE_FROM} WHERE c.tenant_id = ? AND c.site_id = ? AND c.env = ?`,
  );
  const idOfVersion = db
    .prepare<[string, string, ReleaseEnv, number], string>(
      'SELECT id FROM releases WHERE tenant_id = ? AND site_id = ? AND env = ? AND version = ?',
    )
    .pluck();
  const nextVersion = db
    .prepare<[string, string], number>(
      'SELECT coalesce(max(version), 0) + 1 FROM releases WHERE site_id = ? AND tenant_id = ?',
    )
    .pluck();
  const insertRelease = db.prepare<
    [
      {
        id: string;
        tenantId: string;
        siteId: string;
        version: number;
        env: ReleaseEnv;
        manifest: string;
        sha256: string;
        note: string;
        overlays: number;
        publishedBy: string;
        publishedAt: number;
      },
    ]
  >(
    `INSERT INTO releases (id, tenant_id, site_id, version, env, manifest, sha256, note, overlays, published_by, published_at)
     VALUES (@id, @tenantId, @siteId, @version, @env, @manifest, @sha256, @note, @overlays, @publishedBy, @publishedAt)`,
  );
  const insertAsset = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO release_assets (release_id, role, sha256, content_type, size) VALUES (?, ?, ?, ?, ?)',
  );
  const point = db.prepare<[string, ReleaseEnv, string, string, number]>(
    `INSERT INTO release_current (site_id, env, tenant_id, release_id, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (site_id, env) DO UPDATE SET release_id = excluded.release_id, updated_at = excluded.updated_at`,
  );

  // The public reads start from the claim and require the site's slug to still match it.
  const publicCurrent = db.prepare<
    [ReleaseEnv, string],
    { siteId: string; tenantId: string; slug: string; name: string; releaseId: string }
  >(
    `SELECT s.id AS siteId, s.tenant_id AS tenantId, s.slug, s.name, c.release_id AS releaseId
     FROM public_slugs p
     JOIN sites s ON s.id = p.site_id AND s.tenant_id = p.tenant_id AND s.slug = p.slug
     JOIN tenants t ON t.id = s.tenant_id AND t.disabled_at IS NULL
     JOIN release_current c ON c.site_id = s.id AND c.tenant_id = s.tenant_id AND c.env = ?
     WHERE p.slug = ?`,
  );
  const publicAsset = db.prepare<[string, string], ReleaseAssetRef>(
    `SELECT a.role, a.sha256, a.content_type AS contentType, a.size
     FROM public_slugs p
     JOIN sites s ON s.id = p.site_id AND s.tenant_id = p.tenant_id AND s.slug = p.slug
     JOIN tenants t ON t.id = s.tenant_id AND t.disabled_at IS NULL
     JOIN release_current c ON c.site_id = s.id AND c.tenant_id = s.tenant_id
     JOIN release_assets a ON a.release_id = c.release_id
     WHERE p.slug = ? AND a.sha256 = ?
     LIMIT 1`,
  );

  function read(id: string): ReleaseRow {
    const row = byId.get(id);
    if (!row) throw new Error(`Release ${id} vanished inside its own transaction.`);
    return toRow(row);
  }

  const publish = db.transaction((scope: SiteScope, release: NewRelease): ReleaseRow => {
    const site = requireSite(scope);
    slugs.claim(scope, site.slug);
    const version = nextVersion.get(scope.siteId, scope.tenantId) ?? 1;
    const { json, sha256 } = release.build(version);
    const id = newId();
    insertRelease.run({
      id,
      tenantId: scope.tenantId,
      siteId: scope.siteId,
      version,
      env: release.env,
      manifest: json,
      sha256,
      note: release.note,
      overlays: release.overlays,
      publishedBy: release.publishedBy,
      publishedAt: release.publishedAt,
    });
    for (const a of release.assets) insertAsset.run(id, a.role, a.sha256, a.contentType, a.size);
    point.run(scope.siteId, release.env, scope.tenantId, id, Date.now());
    return read(id);
  });

  const setCurrent = db.transaction((scope: SiteScope, env: ReleaseEnv, version: number): ReleaseRow | undefined => {
    const id = idOfVersion.get(scope.tenantId, scope.siteId, env, version);
    if (id === undefined) return undefined;
    point.run(scope.siteId, env, scope.tenantId, id, Date.now());
    return read(id);
  });

  return {
    publish: (scope, release) => translateConstraints(() => publish(scope, release), {}),
    list: (scope, env) => list.all({ tenantId: scope.tenantId, siteId: scope.siteId, env: env ?? null }).map(toRow),
    get(scope, version) {
      const row = byVersion.get(scope.tenantId, scope.siteId, version);
      return row && withJson(row);
    },
    current(scope, env) {
      const row = currentOf.get(scope.tenantId, scope.siteId, env);
      return row && withJson(row);
    },
    setCurrent: (scope, env, version) => setCurrent(scope, env, version),
    publicCurrent(slug, env): PublicRelease | undefined {
      const hit = publicCurrent.get(env, slug);
      const row = hit && byId.get(hit.releaseId);
      if (!hit || !row) return undefined;
      const { release, json } = withJson(row);
      return {
        site: { id: hit.siteId, tenantId: hit.tenantId, slug: hit.slug, name: hit.name },
        // Public answers never carry a user's email.
        release: { ...release, publishedByEmail: null },
        json,
      };
    },
    publicAsset: (slug, sha256) => publicAsset.get(slug, sha256),
  };
}
