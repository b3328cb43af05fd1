import type { Database } from '../../native/sqlite/index.js';
import { ftsQueryOf } from './fts-query.js';
import type { KeywordHit, KeywordQuery, SearchRepository } from './pipeline-types.js';
import type { Scope } from './types.js';

interface SearchParams {
  match: string;
  tenantId: string;
  siteId: string | null;
  since: number | null;
  until: number | null;
  device: string | null;
  label: string | null;
  limit: number;
}

export function createSearchRepository(db: Database): SearchRepository {
  // bm25 is lower-is-better; it is negated so every score in the API is higher-is-better.
  const events = db.prepare<[SearchParams], KeywordHit>(
    `SELECT e.id, -bm25(events_fts) AS score FROM events_fts JOIN events e ON e.seq = events_fts.rowid
     WHERE events_fts MATCH @match AND e.tenant_id = @tenantId
       AND (@siteId IS NULL OR e.site_id = @siteId)
       AND (@since IS NULL OR e.time >= @since) AND (@until IS NULL OR e.time <= @until)
       AND (@device IS NULL OR e.device = @device) AND (@label IS NULL OR e.label = @label)
     ORDER BY bm25(events_fts), e.time DESC LIMIT @limit`,
  );
  // Groups have no device or label: those filters keep groups with a matching event.
  const groups = db.prepare<[SearchParams], KeywordHit>(
    `SELECT g.id, -bm25(groups_fts) AS score FROM groups_fts JOIN event_groups g ON g.seq = groups_fts.rowid
     WHERE groups_fts MATCH @match AND g.tenant_id = @tenantId AND g.merged_into IS NULL
       AND (@siteId IS NULL OR g.site_id = @siteId)
       AND (@since IS NULL OR g.last_seen >= @since) AND (@until IS NULL OR g.first_seen <= @until)
       AND (@device IS NULL AND @label IS NULL OR EXISTS (
         SELECT 1 FROM events e WHERE e.group_seq = g.seq
           AND (@device IS NULL OR e.device = @device) AND (@label IS NULL OR e.label = @label)))
     ORDER BY bm25(groups_fts), g.last_seen DESC LIMIT @limit`,
  );

  function params(scope: Scope, query: KeywordQuery, match: string): SearchParams {
    const siteId =
      scope.siteId && query.siteId && scope.siteId !== query.siteId
        ? '\u0000no-site'
        : (scope.siteId ?? query.siteId ?? null);
    return {
      match,
      tenantId: scope.tenantId,
      siteId,
      since: query.since ?? null,
      until: query.until ?? null,
      device: query.device ?? null,
      label: query.label ?? null,
      limit: query.limit,
    };
  }

  return {
    events(scope, query) {
      const match = ftsQueryOf(query.text);
      return match === null ? [] : events.all(params(scope, query, match));
    },
    groups(scope, query) {
      const match = ftsQueryOf(query.text);
      return match === null ? [] : groups.all(params(scope, query, match));
    },
  };
}
