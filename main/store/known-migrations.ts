import type { Migration } from './migration.js';
import { migration001 } from './migrations/001-tenants-users-sites.js';
import { migration002 } from './migrations/002-sessions-audit.js';
import { migration003 } from './migrations/003-indexes.js';
import { migration004 } from './migrations/004-pipeline.js';
import { migration005 } from './migrations/005-pipeline-search.js';
import { migration006 } from './migrations/006-events-fts-by-batch.js';
import { migration007 } from './migrations/007-sitemap.js';
import { migration008 } from './migrations/008-tenant-accounts.js';
import { migration009 } from './migrations/009-tunnels.js';
import { migration010 } from './migrations/010-media.js';
import { migration011 } from './migrations/011-event-integer-keys.js';
import { migration012 } from './migrations/012-source-sites-redaction.js';
import { migration013 } from './migrations/013-home-users-sites.js';
import { migration014 } from './migrations/014-sync.js';
import { migration015 } from './migrations/015-source-names-per-site.js';
import { migration016 } from './migrations/016-hub-key-rotation.js';

/** Every migration this program knows, oldest first. Append only; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
];

MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`Migration list is out of order: ${m.name} should be version ${i + 1}.`);
});

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
