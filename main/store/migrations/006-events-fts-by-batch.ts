import type { Migration } from '../migration.js';

/**
 * Cheaper event inserts, nothing lost:
 * - Event rows reach `events_fts` from the batch writer (event-batch.ts) instead of an AFTER
 *   INSERT trigger: the trigger turned every row into a statement savepoint, at which FTS5
 *   flushes a new segment, so indexing cost most of an insert. Updates and deletes keep their
 *   triggers (rare, and written by more than one statement).
 * - `events_template` goes: only a group split read it, and a split now finds the template's
 *   events through the group (events_group_time), whose events it rescans anyway. Every insert
 *   paid for it, at a random place in the index.
 * Going down restores both; rows indexed meanwhile stay indexed.
 */
export const migration006: Migration = {
  version: 6,
  name: 'events-fts-by-batch',
  up: `
DROP TRIGGER events_fts_insert;
DROP INDEX events_template;
`,
  down: `
CREATE INDEX events_template ON events (template_id);
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, message, device, label) VALUES (new.seq, new.message, new.device, new.label);
END;
`,
};
