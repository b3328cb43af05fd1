import type { Migration } from '../migration.js';
import { NOT_APPLYING, triggerNames, TRIGGERS } from './sync-triggers.js';

/*
 * Sync between sites and the hub (issue 14).
 *
 * Site side: `sync_uplinks` is a local site enrolled (or waiting to enrol) with a hub; the outbox
 * (`sync_outbox`) holds one entry per change to send, numbered per site. Entries are written by
 * triggers in the same transaction as the change itself, whichever code path made it, so nothing
 * committed is ever missing from the outbox; event batches are the exception (one entry names a
 * whole batch's range, written by the batch writer: a trigger would cost a row per event).
 * `sync_docs` keeps, per document, the hub version both sides last agreed on (the base of a
 * three-way merge), `sync_conflicts` the documents edited on both sides that wait for a user.
 * Publishing a release on an enrolled site is refused (the hub numbers its releases).
 *
 * Hub side: `sync_enrolments` (only a code's hash), `sync_sites` (an enrolled site's credential
 * hash and where its stream stands), `sync_fragments` (parts of a record too large for one
 * request), and the change log `sync_changes`: one row per document and site, moved to the end
 * (a new seq) and given a new version whenever the document changes, which sites read with a cursor.
 * A version written from the site's own push is marked `site`: the site may build on it without a
 * merge, and the hub accepts the site's next change to that document without a new base.
 * `sync_alert_origins` maps a site's alerts to the hub's copies; `alert_acknowledgements` keeps
 * every acknowledgement an alert got (the first one stays on the alert).
 *
 * `sync_apply_guard` is set while sync itself writes what the other side sent, so the triggers do
 * not send it back. No trigger uses a conflict clause: an outer `INSERT OR IGNORE` would override it.
 */

export const migration014: Migration = {
  version: 14,
  name: 'sync',
  up: `
CREATE TABLE sync_apply_guard (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  applying INTEGER NOT NULL CHECK (applying IN (0, 1))
) STRICT;
INSERT INTO sync_apply_guard (id, applying) VALUES (1, 0);

CREATE TABLE sync_uplinks (
  site_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  hub_url TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'refused')),
  sealed_code TEXT,
  hub_id TEXT,
  hub_site_id TEXT,
  hub_site_name TEXT,
  sealed_credential TEXT,
  last_seq INTEGER NOT NULL DEFAULT 0,
  acked_seq INTEGER NOT NULL DEFAULT 0,
  kept_from INTEGER NOT NULL DEFAULT 1,
  pull_cursor INTEGER NOT NULL DEFAULT 0,
  max_request_bytes INTEGER,
  hub_version TEXT,
  upgrade TEXT,
  clock_offset_ms INTEGER,
  clock_measured_at INTEGER,
  last_push_at INTEGER,
  last_pull_at INTEGER,
  last_contact_at INTEGER,
  last_error TEXT,
  enrolled_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX sync_uplinks_tenant ON sync_uplinks (tenant_id);

CREATE TABLE sync_outbox (
  site_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  ref_to TEXT,
  detail TEXT,
  records INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_docs (
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  base_body TEXT,
  read_only INTEGER NOT NULL CHECK (read_only IN (0, 1)),
  PRIMARY KEY (site_id, kind, doc_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  base_body TEXT,
  local_body TEXT,
  hub_body TEXT,
  hub_version INTEGER NOT NULL,
  read_only INTEGER NOT NULL CHECK (read_only IN (0, 1)),
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT,
  resolution TEXT
) STRICT;
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts (site_id, kind, doc_id) WHERE resolved_at IS NULL;
CREATE INDEX sync_conflicts_tenant ON sync_conflicts (tenant_id, site_id, created_at);

CREATE TABLE sync_enrolments (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  site_name TEXT NOT NULL,
  code_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER,
  site_id TEXT
) STRICT;
CREATE INDEX sync_enrolments_tenant ON sync_enrolments (tenant_id, created_at);

CREATE TABLE sync_sites (
  site_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  credential_hash TEXT NOT NULL,
  origin_site_id TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER,
  acked_seq INTEGER NOT NULL DEFAULT 0,
  partial_seq INTEGER,
  partial_after TEXT,
  partial_fragment INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  oldest_pending_at INTEGER,
  pull_cursor INTEGER NOT NULL DEFAULT 0,
  conflicts INTEGER NOT NULL DEFAULT 0,
  last_push_at INTEGER,
  last_pull_at INTEGER,
  last_sync_at INTEGER,
  clock_offset_ms INTEGER,
  site_version TEXT,
  site_protocol INTEGER,
  site_schema INTEGER,
  upgrade TEXT,
  tunnel_peer_id TEXT,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE INDEX sync_sites_tenant ON sync_sites (tenant_id);

CREATE TABLE sync_fragments (
  site_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  checksum INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (site_id, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('hub', 'site')),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX sync_changes_site ON sync_changes (site_id, seq);
CREATE INDEX sync_changes_doc ON sync_changes (kind, doc_id, site_id, seq);

CREATE TABLE sync_alert_origins (
  alert_id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  origin_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE alert_acknowledgements (
  alert_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  by TEXT NOT NULL,
  at INTEGER NOT NULL,
  via TEXT NOT NULL,
  PRIMARY KEY (alert_id, via, by)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER sync_refuse_site_release BEFORE INSERT ON releases
WHEN ${NOT_APPLYING} AND EXISTS (SELECT 1 FROM sync_uplinks WHERE site_id = NEW.site_id AND state <> 'refused')
BEGIN
  SELECT RAISE(ABORT, 'refused: This site is enrolled with a hub, which numbers its releases: publish on the hub, and the release reaches this site with the next sync.');
END;
${TRIGGERS}
`,
  down: `
DROP TRIGGER sync_refuse_site_release;
${triggerNames(TRIGGERS)
  .map((name) => `DROP TRIGGER ${name};`)
  .join('\n')}
DROP TABLE alert_acknowledgements;
DROP TABLE sync_alert_origins;
DROP TABLE sync_changes;
DROP TABLE sync_fragments;
DROP TABLE sync_sites;
DROP TABLE sync_enrolments;
DROP TABLE sync_conflicts;
DROP TABLE sync_docs;
DROP TABLE sync_outbox;
DROP TABLE sync_uplinks;
DROP TABLE sync_apply_guard;
`,
};

/** The triggers that queue outbox entries and change-log rows (a test checks that every one exists). */
export const SYNC_TRIGGERS: readonly string[] = ['sync_refuse_site_release', ...triggerNames(TRIGGERS)];
