import type { Database } from '../../native/sqlite/index.js';
import { newId } from './ids.js';

export interface MediaFetchRow {
  id: string;
  tenantId: string;
  siteId: string;
  eventId: string;
  kind: 'snapshot' | 'clip';
  url: string;
  attempts: number;
  nextAt: number;
  state: 'pending' | 'failed';
  lastError: string | null;
  createdAt: number;
}

/** Files to fetch from a device's API (Frigate) for stored events; kept until fetched or given up. */
export interface MediaFetchesRepository {
  /** Queues a fetch; a repeat for the same event and kind is ignored. */
  add(row: Omit<MediaFetchRow, 'id' | 'attempts' | 'state' | 'lastError' | 'nextAt'>): void;
  due(now: number, limit: number): MediaFetchRow[];
  retryAt(id: string, nextAt: number, error: string, failed: boolean): void;
  done(id: string): void;
  /** The soonest pending fetch's time, or null. */
  nextDue(): number | null;
}

const COLUMNS = `id, tenant_id AS tenantId, site_id AS siteId, event_id AS eventId, kind, url, attempts, next_at AS nextAt,
  state, last_error AS lastError, created_at AS createdAt`;

export function createMediaFetchesRepository(db: Database): MediaFetchesRepository {
  const add = db.prepare(
    `INSERT INTO media_fetches (id, tenant_id, site_id, event_id, kind, url, attempts, next_at, state, last_error, created_at)
     VALUES (@id, @tenantId, @siteId, @eventId, @kind, @url, 0, @createdAt, 'pending', NULL, @createdAt)
     ON CONFLICT (event_id, kind) DO NOTHING`,
  );
  const due = db.prepare<[number, number], MediaFetchRow>(
    `SELECT ${COLUMNS} FROM media_fetches WHERE state = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?`,
  );
  const retry = db.prepare<[number, string, string, string]>(
    'UPDATE media_fetches SET attempts = attempts + 1, next_at = ?, last_error = ?, state = ? WHERE id = ?',
  );
  const done = db.prepare<[string]>('DELETE FROM media_fetches WHERE id = ?');
  const next = db.prepare<[], number | null>("SELECT min(next_at) FROM media_fetches WHERE state = 'pending'").pluck();
  return {
    add: (row) => void add.run({ id: newId(), ...row }),
    due: (now, limit) => due.all(now, limit),
    retryAt: (id, nextAt, error, failed) => void retry.run(nextAt, error, failed ? 'failed' : 'pending', id),
    done: (id) => void done.run(id),
    nextDue: () => next.get() ?? null,
  };
}
