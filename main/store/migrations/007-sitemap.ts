import type { Migration } from '../migration.js';

/**
 * The site map: each site's draft (header, overlays, uploaded layers), its status integration, and
 * its releases. Releases are immutable: triggers refuse UPDATE and DELETE on them and their asset
 * lists, so no code path (nor a careless hand-written query) can rewrite a published map; rollback
 * only moves the `release_current` pointer. `public_slugs` is the installation-wide namespace of
 * the public endpoints: a site claims its slug on first publish (sites' slugs are only unique per
 * tenant, and every tenant has a `default` site).
 */
export const migration007: Migration = {
  version: 7,
  name: 'sitemap',
  up: `
CREATE TABLE sitemap_assets (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('basemap', 'overlay')),
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  removed TEXT NOT NULL,
  shapes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX sitemap_assets_site ON sitemap_assets (tenant_id, site_id, created_at);

CREATE TABLE sitemap_drafts (
  site_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  basemap_asset_id TEXT REFERENCES sitemap_assets (id),
  overlay_asset_id TEXT REFERENCES sitemap_assets (id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;

CREATE TABLE sitemap_overlays (
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  shape_id TEXT,
  label TEXT NOT NULL,
  binding_type TEXT CHECK (binding_type IN ('device', 'camera', 'zone', 'unit')),
  binding_target TEXT,
  layer TEXT,
  properties TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, external_id),
  CHECK ((binding_type IS NULL) = (binding_target IS NULL)),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sitemap_integrations (
  site_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('internal', 'external')),
  external TEXT,
  status_mapping TEXT NOT NULL,
  offline_after_minutes INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX sitemap_integrations_tenant ON sitemap_integrations (tenant_id);

CREATE TABLE releases (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  env TEXT NOT NULL CHECK (env IN ('staging', 'production')),
  manifest TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  note TEXT NOT NULL,
  overlays INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  UNIQUE (site_id, version),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX releases_site_env ON releases (tenant_id, site_id, env, version);

CREATE TABLE release_assets (
  release_id TEXT NOT NULL REFERENCES releases (id),
  role TEXT NOT NULL CHECK (role IN ('basemap', 'overlay')),
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (release_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX release_assets_sha ON release_assets (sha256);

CREATE TRIGGER releases_immutable_update BEFORE UPDATE ON releases
BEGIN SELECT RAISE(ABORT, 'releases are immutable: publish a new release or roll back instead'); END;
CREATE TRIGGER releases_immutable_delete BEFORE DELETE ON releases
BEGIN SELECT RAISE(ABORT, 'releases are immutable: publish a new release or roll back instead'); END;
CREATE TRIGGER release_assets_immutable_update BEFORE UPDATE ON release_assets
BEGIN SELECT RAISE(ABORT, 'releases are immutable: publish a new release or roll back instead'); END;
CREATE TRIGGER release_assets_immutable_delete BEFORE DELETE ON release_assets
BEGIN SELECT RAISE(ABORT, 'releases are immutable: publish a new release or roll back instead'); END;

CREATE TABLE release_current (
  site_id TEXT NOT NULL,
  env TEXT NOT NULL CHECK (env IN ('staging', 'production')),
  tenant_id TEXT NOT NULL,
  release_id TEXT NOT NULL REFERENCES releases (id),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, env)
) STRICT, WITHOUT ROWID;

CREATE TABLE public_slugs (
  slug TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL UNIQUE,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
`,
  down: `
DROP TABLE public_slugs;
DROP TABLE release_current;
DROP TRIGGER release_assets_immutable_delete;
DROP TRIGGER release_assets_immutable_update;
DROP TRIGGER releases_immutable_delete;
DROP TRIGGER releases_immutable_update;
DROP TABLE release_assets;
DROP TABLE releases;
DROP TABLE sitemap_integrations;
DROP TABLE sitemap_overlays;
DROP TABLE sitemap_drafts;
DROP TABLE sitemap_assets;
`,
};
