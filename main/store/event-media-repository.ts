import type { Database } from '../../native/sqlite/index.js';
import type { MediaRefInfo } from '../contract/index.js';
import type { Scope } from './types.js';

/** A stored media file as one of the scope's events references it. */
export type EventMediaInfo = Pick<MediaRefInfo, 'kind' | 'contentType' | 'size'>;

export interface EventMediaRepository {
  /**
   * The media ref of `sha256` when an event of the scope references it; undefined otherwise, so a
   * caller can never learn whether another tenant stored the same file.
   */
  find(scope: Scope, sha256: string): EventMediaInfo | undefined;
}

/**
 * Which tenant may read a blob. Blobs are shared by hash across tenants, so the only proof of
 * access is an event of the caller's own scope that names the hash. `instr` skips events whose
 * media text cannot contain it before JSON is parsed; this scans the tenant's events that carry
 * media, which is fine at today's sizes (an indexed media table would need a migration).
 */
export function createEventMediaRepository(db: Database): EventMediaRepository {
  const find = db.prepare<[{ tenantId: string; siteId: string | null; sha256: string }], EventMediaInfo>(
    `SELECT json_extract(m.value, '$.kind') AS kind, json_extract(m.value, '$.contentType') AS contentType,
            json_extract(m.value, '$.size') AS size
     FROM events e, json_each(e.media) m
     WHERE e.tenant_id = @tenantId
       AND (@siteId IS NULL OR e.site_id = @siteId)
       AND e.media <> '[]'
       AND instr(e.media, @sha256) > 0
       AND json_extract(m.value, '$.sha256') = @sha256
     LIMIT 1`,
  );
  return {
    find: (scope, sha256) => find.get({ tenantId: scope.tenantId, siteId: scope.siteId ?? null, sha256 }),
  };
}
