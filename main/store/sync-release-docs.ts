import type { Database } from '../../native/sqlite/index.js';
import { OutpostError } from '../contract/index.js';
import { newId } from './ids.js';
import { createPublicSlugs } from './public-slugs.js';
import type { KindDocs } from './sync-doc-kind.js';

/** Releases published on the hub (hub → site, never deleted) and the pointers of each environment (both ways). */
export function createSyncReleaseDocs(db: Database): Record<'release' | 'releasePointer', KindDocs> {
  const slugs = createPublicSlugs(db);
  // ---- releases (from the hub only) and their pointers ----
  const releaseRow = db.prepare<
    [string, string, number],
    {
      id: string;
      version: number;
      env: string;
      manifest: string;
      sha256: string;
      note: string;
      overlays: number;
      publishedBy: string;
      publishedAt: number;
    }
  >(
    `SELECT id, version, env, manifest, sha256, note, overlays, published_by AS publishedBy, published_at AS publishedAt
     FROM releases WHERE site_id = ? AND tenant_id = ? AND version = ?`,
  );
  const releaseAssets = db.prepare<[string], { role: string; sha256: string; contentType: string; size: number }>(
    'SELECT role, sha256, content_type AS contentType, size FROM release_assets WHERE release_id = ? ORDER BY role',
  );
  const insertRelease = db.prepare(
    `INSERT INTO releases (id, tenant_id, site_id, version, env, manifest, sha256, note, overlays, published_by, published_at)
     VALUES (@id, @tenantId, @siteId, @version, @env, @manifest, @sha256, @note, @overlays, @publishedBy, @publishedAt)`,
  );
  const insertReleaseAsset = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO release_assets (release_id, role, sha256, content_type, size) VALUES (?, ?, ?, ?, ?)',
  );
  const siteSlug = db
    .prepare<[string, string], string>('SELECT slug FROM sites WHERE id = ? AND tenant_id = ?')
    .pluck();
  const pointerRow = db
    .prepare<[string, string, string], number>(
      `SELECT r.version FROM release_current c JOIN releases r ON r.id = c.release_id
     WHERE c.site_id = ? AND c.tenant_id = ? AND c.env = ?`,
    )
    .pluck();
  const releaseIdOf = db
    .prepare<[string, string, number], string>(
      'SELECT id FROM releases WHERE site_id = ? AND tenant_id = ? AND version = ?',
    )
    .pluck();
  const setPointer = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO release_current (site_id, env, tenant_id, release_id, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (site_id, env) DO UPDATE SET release_id = excluded.release_id, updated_at = excluded.updated_at`,
  );
  const pointerEnvs = db
    .prepare<[string, string], string>(
      'SELECT env FROM release_current WHERE site_id = ? AND tenant_id = ? ORDER BY env',
    )
    .pluck();

  return {
    release: {
      read(scope, docId) {
        const r = releaseRow.get(scope.siteId, scope.tenantId, Number(docId));
        if (!r) return null;
        const { id, ...rest } = r;
        return { ...rest, assets: releaseAssets.all(id) };
      },
      write(scope, _docId, b) {
        if (b === null) return; // releases are never deleted
        const version = Number(b.version);
        const existing = releaseRow.get(scope.siteId, scope.tenantId, version);
        if (existing) {
          if (existing.sha256 === b.sha256) return;
          throw new OutpostError(
            'conflict',
            `Release ${version} exists here with other contents; it was not replaced.`,
          );
        }
        const id = newId();
        insertRelease.run({
          id,
          tenantId: scope.tenantId,
          siteId: scope.siteId,
          version,
          env: b.env,
          manifest: b.manifest,
          sha256: b.sha256,
          note: b.note,
          overlays: b.overlays,
          publishedBy: b.publishedBy,
          publishedAt: b.publishedAt,
        });
        for (const a of b.assets as { role: string; sha256: string; contentType: string; size: number }[]) {
          insertReleaseAsset.run(id, a.role, a.sha256, a.contentType, a.size);
        }
        const slug = siteSlug.get(scope.siteId, scope.tenantId);
        if (slug !== undefined) slugs.claim(scope, slug);
        return;
      },
      ids: () => [],
    },
    releasePointer: {
      read(scope, docId) {
        const version = pointerRow.get(scope.siteId, scope.tenantId, docId);
        return version === undefined ? null : { version };
      },
      write(scope, docId, b, at) {
        if (b === null) return;
        const id = releaseIdOf.get(scope.siteId, scope.tenantId, Number(b.version));
        if (id === undefined) {
          throw new OutpostError(
            'conflict',
            `Release ${String(b.version)} has not arrived here yet; the pointer waits for it.`,
          );
        }
        setPointer.run(scope.siteId, docId, scope.tenantId, id, at);
        return;
      },
      ids(scope) {
        return pointerEnvs.all(scope.siteId, scope.tenantId);
      },
    },
  };
}
