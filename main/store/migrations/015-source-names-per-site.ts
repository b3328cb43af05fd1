import type { Migration } from '../migration.js';
import { triggersOn } from './sync-triggers.js';

/*
 * Source names unique per site instead of per tenant. A source belongs to a site (012), and a hub
 * keeps every site of a tenant in one database: two sites that each named a source "Gate cameras"
 * could not both sync. SQLite cannot drop a table constraint, so `sources` is rebuilt (foreign keys
 * are off during a migration step, so `source_checkpoints` keeps its rows), and 014's sync triggers
 * on it, dropped with the old table, are created again unchanged.
 */

const COLUMNS = `id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  config TEXT NOT NULL,
  token_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  redaction TEXT NOT NULL DEFAULT '{}',`;

const COPIED = 'id, tenant_id, site_id, kind, name, enabled, config, token_hash, created_at, updated_at, redaction';

const rebuild = (unique: string) => `
CREATE TABLE sources_rebuilt (
  ${COLUMNS}
  UNIQUE (${unique}),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
INSERT INTO sources_rebuilt (${COPIED}) SELECT ${COPIED} FROM sources;
DROP TABLE sources;
ALTER TABLE sources_rebuilt RENAME TO sources;
${triggersOn('sources')}
`;

export const migration015: Migration = {
  version: 15,
  name: 'source-names-per-site',
  up: rebuild('tenant_id, site_id, name'),
  // Refused (and nothing changed) while two sites of a tenant share a source name.
  down: rebuild('tenant_id, name'),
};
