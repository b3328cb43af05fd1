import type { Migration } from '../migration.js';

/**
 * Media get ids of their own: one `media` row per snapshot, clip, thumbnail and preview strip,
 * referencing the content-addressed blob by hash (one file on disk however many rows name it).
 * A row outlives its file: `local = 0` with `removed_reason` says why an event's media are gone,
 * or `archived_at` that they are in the site's archive. `media_keeps` holds operators' "keep" on
 * events (retention never removes their media). Retention rules, archive targets, resumable
 * uploads (the multipart upload id, the encryption header and the parts sent, so an upload goes
 * on after a restart with identical bytes) and Frigate fetches waiting for a retry live beside.
 */
export const migration010: Migration = {
  version: 10,
  name: 'media',
  up: `
CREATE TABLE media (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  parent_id TEXT REFERENCES media (id),
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'clip', 'thumbnail', 'preview')),
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  device TEXT,
  label TEXT,
  captured_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  meta TEXT NOT NULL,
  derive_state TEXT NOT NULL CHECK (derive_state IN ('pending', 'done', 'failed', 'none')),
  local INTEGER NOT NULL CHECK (local IN (0, 1)),
  removed_at INTEGER,
  removed_reason TEXT,
  archive_object TEXT,
  archive_bytes INTEGER,
  archived_at INTEGER,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX media_event ON media (event_id);
CREATE INDEX media_parent ON media (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX media_sha ON media (sha256, local);
CREATE INDEX media_local_age ON media (captured_at) WHERE local = 1 AND parent_id IS NULL;
CREATE INDEX media_site_age ON media (tenant_id, site_id, captured_at) WHERE parent_id IS NULL;
CREATE INDEX media_pending ON media (created_at) WHERE derive_state = 'pending';

CREATE TABLE media_keeps (
  event_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  kept_by TEXT NOT NULL,
  kept_at INTEGER NOT NULL,
  note TEXT NOT NULL
) STRICT;

CREATE TABLE retention_rules (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  device TEXT,
  label TEXT,
  max_age_days INTEGER CHECK (max_age_days IS NULL OR max_age_days > 0),
  max_bytes INTEGER CHECK (max_bytes IS NULL OR max_bytes > 0),
  updated_at INTEGER NOT NULL,
  CHECK (max_age_days IS NOT NULL OR max_bytes IS NOT NULL),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX retention_rules_site ON retention_rules (tenant_id, site_id);

CREATE TABLE archive_targets (
  site_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  config TEXT NOT NULL,
  secret TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;

CREATE TABLE archive_uploads (
  media_id TEXT PRIMARY KEY REFERENCES media (id),
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  object_key TEXT NOT NULL,
  upload_id TEXT,
  header BLOB,
  total_bytes INTEGER NOT NULL,
  part_size INTEGER NOT NULL,
  parts TEXT NOT NULL,
  bytes_sent INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'failed')),
  attempts INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX archive_uploads_site ON archive_uploads (tenant_id, site_id, state);

CREATE TABLE media_fetches (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'clip')),
  url TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
  last_error TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (event_id, kind)
) STRICT;
CREATE INDEX media_fetches_due ON media_fetches (next_at) WHERE state = 'pending';
`,
  down: `
DROP TABLE media_fetches;
DROP TABLE archive_uploads;
DROP TABLE archive_targets;
DROP TABLE retention_rules;
DROP TABLE media_keeps;
DROP TABLE media;
`,
};
