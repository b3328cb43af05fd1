import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import { createPublicSlugs } from './public-slugs.js';
import type { SiteRow, Store } from './types.js';

const COLUMNS =
  'id, tenant_id AS tenantId, name, slug, timezone, address, created_at AS createdAt, updated_at AS updatedAt';

interface SitePatchParams {
  id: string;
  tenantId: string;
  name: string | null;
  slug: string | null;
  timezone: string | null;
  address: string | null;
  updatedAt: number;
}

const DEFAULT_SITE = { name: 'Default site', slug: 'default', timezone: 'UTC', address: '' };

function slugTaken(slug: string): Record<string, string> {
  return {
    'sites.tenant_id, sites.slug': `A site with slug '${slug}' already exists in this tenant. Choose another slug.`,
  };
}

export function createSitesRepository(db: Database): Store['sites'] {
  const publicSlugs = createPublicSlugs(db);
  const insert = db.prepare<[SiteRow]>(
    `INSERT INTO sites (id, tenant_id, name, slug, timezone, address, created_at, updated_at)
     VALUES (@id, @tenantId, @name, @slug, @timezone, @address, @createdAt, @updatedAt)`,
  );
  const byId = db.prepare<[string, string], SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE id = ? AND tenant_id = ?`);
  const inTenant = db.prepare<[string], SiteRow>(
    `SELECT ${COLUMNS} FROM sites WHERE tenant_id = ? ORDER BY name COLLATE NOCASE, id`,
  );
  // Absent fields arrive as NULL and keep their value; every site column is NOT NULL, so NULL never means "clear".
  const insertDefault = db.prepare<[SiteRow]>(
    `INSERT INTO sites (id, tenant_id, name, slug, timezone, address, created_at, updated_at)
     VALUES (@id, @tenantId, @name, @slug, @timezone, @address, @createdAt, @updatedAt)
     ON CONFLICT (tenant_id, slug) DO NOTHING`,
  );
  const bySlug = db.prepare<[string, string], SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE tenant_id = ? AND slug = ?`);
  const patch = db.prepare<[SitePatchParams], SiteRow>(
    `UPDATE sites SET
       name = coalesce(@name, name),
       slug = coalesce(@slug, slug),
       timezone = coalesce(@timezone, timezone),
       address = coalesce(@address, address),
       updated_at = max(@updatedAt, updated_at)
     WHERE id = @id AND tenant_id = @tenantId
     RETURNING ${COLUMNS}`,
  );

  // A published site's public address follows its slug; a clash there undoes the rename too.
  const updateSite = db.transaction(
    (tenantId: string, id: string, fields: Omit<SitePatchParams, 'id' | 'tenantId' | 'updatedAt'>, slug?: string) => {
      const row = translateConstraints(() => patch.get({ id, tenantId, ...fields, updatedAt: Date.now() }), {
        unique: slugTaken(slug ?? ''),
      });
      if (row && slug !== undefined) publicSlugs.follow({ tenantId, siteId: id }, row.slug);
      return row;
    },
  );

  return {
    list: (scope) => inTenant.all(scope.tenantId),
    get: (scope, id) => byId.get(id, scope.tenantId),
    create(scope, data) {
      const now = Date.now();
      const row: SiteRow = {
        id: newId(),
        tenantId: scope.tenantId,
        name: data.name,
        slug: data.slug,
        timezone: data.timezone,
        address: data.address,
        createdAt: now,
        updatedAt: now,
      };
      translateConstraints(() => insert.run(row), {
        unique: slugTaken(data.slug),
        foreignKey: `Tenant ${scope.tenantId} does not exist. Sign in again or pick an existing tenant.`,
      });
      return row;
    },
    ensureDefault(scope) {
      const now = Date.now();
      const row = { id: newId(), tenantId: scope.tenantId, ...DEFAULT_SITE, createdAt: now, updatedAt: now };
      translateConstraints(() => insertDefault.run(row), {
        foreignKey: `Tenant ${scope.tenantId} does not exist. Sign in again or pick an existing tenant.`,
      });
      const site = bySlug.get(scope.tenantId, DEFAULT_SITE.slug);
      if (!site) throw new Error('The default site vanished right after it was created.');
      return site;
    },
    update(scope, id, changes) {
      const fields = {
        name: changes.name ?? null,
        slug: changes.slug ?? null,
        timezone: changes.timezone ?? null,
        address: changes.address ?? null,
      };
      if (Object.values(fields).every((v) => v === null)) return byId.get(id, scope.tenantId);
      return updateSite(scope.tenantId, id, fields, changes.slug);
    },
  };
}
