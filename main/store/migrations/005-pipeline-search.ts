import type { Migration } from '../migration.js';

/**
 * Keyword search: FTS5 indexes over events (message, device, label) and group templates, kept
 * in step with their tables by triggers (external content, keyed by `seq`).
 */
export const migration005: Migration = {
  version: 5,
  name: 'pipeline-search',
  up: `
CREATE VIRTUAL TABLE events_fts USING fts5(
  message, device, label,
  content = 'events', content_rowid = 'seq', tokenize = 'porter unicode61'
);
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, message, device, label) VALUES (new.seq, new.message, new.device, new.label);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, message, device, label)
  VALUES ('delete', old.seq, old.message, old.device, old.label);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF message, device, label ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, message, device, label)
  VALUES ('delete', old.seq, old.message, old.device, old.label);
  INSERT INTO events_fts (rowid, message, device, label) VALUES (new.seq, new.message, new.device, new.label);
END;

CREATE VIRTUAL TABLE groups_fts USING fts5(
  template,
  content = 'event_groups', content_rowid = 'seq', tokenize = 'porter unicode61'
);
CREATE TRIGGER groups_fts_insert AFTER INSERT ON event_groups BEGIN
  INSERT INTO groups_fts (rowid, template) VALUES (new.seq, new.template);
END;
CREATE TRIGGER groups_fts_delete AFTER DELETE ON event_groups BEGIN
  INSERT INTO groups_fts (groups_fts, rowid, template) VALUES ('delete', old.seq, old.template);
END;
CREATE TRIGGER groups_fts_update AFTER UPDATE OF template ON event_groups BEGIN
  INSERT INTO groups_fts (groups_fts, rowid, template) VALUES ('delete', old.seq, old.template);
  INSERT INTO groups_fts (rowid, template) VALUES (new.seq, new.template);
END;
`,
  down: `
DROP TRIGGER groups_fts_update;
DROP TRIGGER groups_fts_delete;
DROP TRIGGER groups_fts_insert;
DROP TABLE groups_fts;
DROP TRIGGER events_fts_update;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_insert;
DROP TABLE events_fts;
`,
};
