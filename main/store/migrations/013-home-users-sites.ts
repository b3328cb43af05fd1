import type { Migration } from '../migration.js';

const IMMUTABLE = "SELECT RAISE(ABORT, 'releases are immutable: publish a new release or roll back instead')";

/**
 * Home, user management and site removal (issue 10).
 *
 * - `home_visits`: when each user last looked at Home (`seen_at`) and the boundary Home counts
 *   "new since your last visit" from (`since`), so the boundary survives a restart.
 * - `user_links`: invitation and password-reset links. Only the SHA-256 of the 256-bit token is
 *   kept; a link works once (`used_at`) and until `expires_at`.
 * - `sample_sites`: which sites hold sample data ("Load sample site"), so they can be named and
 *   removed in one click.
 * - `site_removals`: a site being removed, for the length of the removing transaction. Releases stay
 *   immutable (the triggers of migration 007 are kept in spirit): only a row here lets the
 *   releases of that one site be deleted, which happens only together with the site itself.
 */
export const migration013: Migration = {
  version: 13,
  name: 'home-users-sites',
  up: `
CREATE TABLE home_visits (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  since INTEGER,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE user_links (
  token_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX user_links_user ON user_links (tenant_id, user_id);

CREATE TABLE sample_sites (
  site_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX sample_sites_tenant ON sample_sites (tenant_id);

CREATE TABLE site_removals (site_id TEXT PRIMARY KEY) STRICT;

DROP TRIGGER releases_immutable_delete;
CREATE TRIGGER releases_immutable_delete BEFORE DELETE ON releases
WHEN NOT EXISTS (SELECT 1 FROM site_removals WHERE site_id = old.site_id)
BEGIN ${IMMUTABLE}; END;
DROP TRIGGER release_assets_immutable_delete;
CREATE TRIGGER release_assets_immutable_delete BEFORE DELETE ON release_assets
WHEN NOT EXISTS (
  SELECT 1 FROM releases r JOIN site_removals s ON s.site_id = r.site_id WHERE r.id = old.release_id
)
BEGIN ${IMMUTABLE}; END;
`,
  down: `
DROP TRIGGER release_assets_immutable_delete;
CREATE TRIGGER release_assets_immutable_delete BEFORE DELETE ON release_assets
BEGIN ${IMMUTABLE}; END;
DROP TRIGGER releases_immutable_delete;
CREATE TRIGGER releases_immutable_delete BEFORE DELETE ON releases
BEGIN ${IMMUTABLE}; END;
DROP TABLE site_removals;
DROP TABLE sample_sites;
DROP TABLE user_links;
DROP TABLE home_visits;
`,
};
