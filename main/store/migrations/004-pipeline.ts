import type { Migration } from '../migration.js';

/**
 * The event pipeline's tables. Events and groups carry an INTEGER `seq` as their rowid so the
 * FTS5 indexes (005) and the vec0 table keep pointing at the right rows across VACUUM.
 * Severities are stored as ranks (0 debug … 5 critical) so "at least" is a range scan.
 */
export const migration004: Migration = {
  version: 4,
  name: 'pipeline',
  up: `
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  config TEXT NOT NULL,
  token_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, name),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;

CREATE TABLE source_checkpoints (
  source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE event_groups (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  template TEXT NOT NULL,
  category TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  count INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  severity INTEGER NOT NULL DEFAULT 0,
  merged_into TEXT REFERENCES event_groups (id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX event_groups_last_seen ON event_groups (tenant_id, last_seen, id) WHERE merged_into IS NULL;
CREATE INDEX event_groups_count ON event_groups (tenant_id, count, id) WHERE merged_into IS NULL;
CREATE INDEX event_groups_first_seen ON event_groups (tenant_id, first_seen, id) WHERE merged_into IS NULL;

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  group_id TEXT NOT NULL REFERENCES event_groups (id),
  key TEXT NOT NULL,
  template TEXT NOT NULL,
  founding INTEGER NOT NULL CHECK (founding IN (0, 1)),
  joined_by TEXT NOT NULL CHECK (joined_by IN ('template', 'similarity')),
  similarity REAL,
  joined_at INTEGER NOT NULL,
  UNIQUE (tenant_id, site_id, key)
) STRICT;
CREATE INDEX templates_group ON templates (group_id);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  external_id TEXT,
  template_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  kind TEXT NOT NULL,
  device TEXT,
  label TEXT,
  message TEXT NOT NULL,
  category TEXT,
  attributes TEXT NOT NULL,
  media TEXT NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  UNIQUE (source_id, external_id)
) STRICT;
CREATE INDEX events_tenant_time ON events (tenant_id, time, id);
CREATE INDEX events_site_time ON events (tenant_id, site_id, time, id);
CREATE INDEX events_group_time ON events (group_id, time, id);
CREATE INDEX events_template ON events (template_id);
CREATE INDEX events_device_time ON events (tenant_id, device, time) WHERE device IS NOT NULL;

CREATE TABLE group_minute_counts (
  group_id TEXT NOT NULL,
  minute INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (group_id, minute)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_minute_counts_tenant ON group_minute_counts (tenant_id, minute);

CREATE TABLE devices (
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  device TEXT NOT NULL,
  last_seen INTEGER NOT NULL,
  last_event_id TEXT NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, site_id, device)
) STRICT, WITHOUT ROWID;

CREATE TABLE alert_rules (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  site_id TEXT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  params TEXT NOT NULL,
  severity TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX alert_rules_tenant ON alert_rules (tenant_id, name);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
  title TEXT NOT NULL,
  detail TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  group_id TEXT,
  device TEXT,
  occurrences INTEGER NOT NULL,
  opened_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  resolved_at INTEGER,
  resolved_by TEXT,
  note TEXT
) STRICT;
-- At most one live (open or acknowledged) alert per dedupe key and site.
CREATE UNIQUE INDEX alerts_live_key ON alerts (tenant_id, site_id, dedupe_key) WHERE state <> 'resolved';
CREATE INDEX alerts_tenant_seen ON alerts (tenant_id, last_seen_at, id);

CREATE TABLE miner_state (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants (id),
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE vector_spaces (
  name TEXT PRIMARY KEY,
  dimension INTEGER NOT NULL,
  model TEXT NOT NULL
) STRICT;
`,
  down: `
DROP TABLE IF EXISTS group_vectors;
DROP TABLE vector_spaces;
DROP TABLE miner_state;
DROP TABLE alerts;
DROP TABLE alert_rules;
DROP TABLE devices;
DROP TABLE group_minute_counts;
DROP TABLE events;
DROP TABLE templates;
DROP TABLE event_groups;
DROP TABLE source_checkpoints;
DROP TABLE sources;
`,
};
