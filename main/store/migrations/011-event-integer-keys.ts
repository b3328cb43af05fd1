import type { Migration } from '../migration.js';

const EVENT_COLUMNS = `seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  external_id TEXT,`;

const EVENT_TAIL = `time INTEGER NOT NULL,
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
  acknowledged_by TEXT`;

const COPIED = `tenant_id, site_id, source_id, external_id`;
const COPIED_TAIL = `time, received_at, severity, kind, device, label, message, category, attributes, media,
  acknowledged_at, acknowledged_by`;

/** Every column of `templates` after its key, and its constraints (as in 004). */
const TEMPLATE_COLUMNS = `tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  group_id TEXT NOT NULL REFERENCES event_groups (id),
  key TEXT NOT NULL,
  template TEXT NOT NULL,
  founding INTEGER NOT NULL CHECK (founding IN (0, 1)),
  joined_by TEXT NOT NULL CHECK (joined_by IN ('template', 'similarity')),
  similarity REAL,
  joined_at INTEGER NOT NULL,
  UNIQUE (tenant_id, site_id, key)
) STRICT;`;

/** Rebuilding `events` drops its triggers; these are 005's, unchanged. */
const FTS_TRIGGERS = `
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, message, device, label)
  VALUES ('delete', old.seq, old.message, old.device, old.label);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF message, device, label ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, message, device, label)
  VALUES ('delete', old.seq, old.message, old.device, old.label);
  INSERT INTO events_fts (rowid, message, device, label) VALUES (new.seq, new.message, new.device, new.label);
END;`;

/**
 * Cheaper event rows (issue 11). An event's `seq` (INTEGER PRIMARY KEY) is its key inside the
 * database; `id`, the ULID the API shows, stays as its unique public id, and so do the ids media,
 * devices, alerts and the API hold. What changes:
 * - events carry their template and group as integers (`template_seq`, `group_seq`: the rowids of
 *   `templates` and `event_groups`) instead of 26-character text, in the row and in the group index;
 * - the time indexes end at `time`: SQLite appends the rowid to every index entry, so the text id
 *   that ended each of them only made them larger (lists break ties by `seq`);
 * - (source_id, external_id) is unique only where there is an external id: most log lines have none
 *   and no longer pay for an index entry;
 * - templates get an integer key (`seq`) for events to point at; their text id stays unique;
 * - `event_groups.similarity_pending` marks a group founded by a new template whose likeness to the
 *   other groups has not been checked yet (its embedding is made after the batch commits; see
 *   main/pipeline/group-vectors.ts). The check still runs after a restart.
 * Rows keep their seq, so the FTS5 index (keyed by seq) stays valid. An event whose group or
 * template row is missing fails the migration (NOT NULL), which rolls back whole.
 */
export const migration011: Migration = {
  version: 11,
  name: 'event-integer-keys',
  up: `
CREATE TABLE templates_next (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ${TEMPLATE_COLUMNS}
INSERT INTO templates_next (id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at)
  SELECT id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at
  FROM templates ORDER BY joined_at, id;
DROP TABLE templates;
ALTER TABLE templates_next RENAME TO templates;
CREATE INDEX templates_group ON templates (group_id);

CREATE TABLE events_next (
  ${EVENT_COLUMNS}
  template_seq INTEGER NOT NULL,
  group_seq INTEGER NOT NULL,
  ${EVENT_TAIL}
) STRICT;
INSERT INTO events_next (seq, id, ${COPIED}, template_seq, group_seq, ${COPIED_TAIL})
  SELECT e.seq, e.id, ${COPIED.replace(/(\w+)/g, 'e.$1')},
    (SELECT t.seq FROM templates t WHERE t.id = e.template_id),
    (SELECT g.seq FROM event_groups g WHERE g.id = e.group_id),
    ${COPIED_TAIL.replace(/(\w+)/g, 'e.$1')}
  FROM events e ORDER BY e.seq;
DROP TABLE events;
ALTER TABLE events_next RENAME TO events;
CREATE UNIQUE INDEX events_external ON events (source_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX events_tenant_time ON events (tenant_id, time);
CREATE INDEX events_site_time ON events (tenant_id, site_id, time);
CREATE INDEX events_group_time ON events (group_seq, time);
CREATE INDEX events_device_time ON events (tenant_id, device, time) WHERE device IS NOT NULL;
${FTS_TRIGGERS}

ALTER TABLE event_groups ADD COLUMN similarity_pending INTEGER NOT NULL DEFAULT 0 CHECK (similarity_pending IN (0, 1));
`,
  down: `
ALTER TABLE event_groups DROP COLUMN similarity_pending;

CREATE TABLE events_prev (
  ${EVENT_COLUMNS}
  template_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  ${EVENT_TAIL},
  UNIQUE (source_id, external_id)
) STRICT;
INSERT INTO events_prev (seq, id, ${COPIED}, template_id, group_id, ${COPIED_TAIL})
  SELECT e.seq, e.id, ${COPIED.replace(/(\w+)/g, 'e.$1')},
    (SELECT t.id FROM templates t WHERE t.seq = e.template_seq),
    (SELECT g.id FROM event_groups g WHERE g.seq = e.group_seq),
    ${COPIED_TAIL.replace(/(\w+)/g, 'e.$1')}
  FROM events e ORDER BY e.seq;
DROP TABLE events;
ALTER TABLE events_prev RENAME TO events;
CREATE INDEX events_tenant_time ON events (tenant_id, time, id);
CREATE INDEX events_site_time ON events (tenant_id, site_id, time, id);
CREATE INDEX events_group_time ON events (group_id, time, id);
CREATE INDEX events_device_time ON events (tenant_id, device, time) WHERE device IS NOT NULL;
${FTS_TRIGGERS}

CREATE TABLE templates_prev (
  id TEXT PRIMARY KEY,
  ${TEMPLATE_COLUMNS}
INSERT INTO templates_prev SELECT id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at
  FROM templates;
DROP TABLE templates;
ALTER TABLE templates_prev RENAME TO templates;
CREATE INDEX templates_group ON templates (group_id);
`,
};
