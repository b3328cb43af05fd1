import type { Migration } from '../migration.js';

/**
 * Where events go and what redaction kept (issue 10). `device_sites` sends a device's events to a
 * site of its own whatever source reported it (a shared MQTT broker or webhook serving several
 * sites); removing the site removes its mappings. `sources.redaction` holds a source's redaction
 * choices (JSON; `{}` means the defaults: personal data redacted, device addresses kept).
 * `events.redactions` names the rules that changed the event and how often (JSON; NULL: none did).
 */
export const migration012: Migration = {
  version: 12,
  name: 'source-sites-redaction',
  up: `
CREATE TABLE device_sites (
  tenant_id TEXT NOT NULL,
  device TEXT NOT NULL,
  site_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, device),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
) STRICT;
ALTER TABLE sources ADD COLUMN redaction TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN redactions TEXT;
`,
  down: `
ALTER TABLE events DROP COLUMN redactions;
ALTER TABLE sources DROP COLUMN redaction;
DROP TABLE device_sites;
`,
};
