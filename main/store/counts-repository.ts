import type { Database } from '../../native/sqlite/index.js';
import type { CountsRepository, MinuteCount } from './pipeline-types.js';

export function createCountsRepository(db: Database): CountsRepository {
  const series = db.prepare<
    [{ p1: string; p2: string; p3: number; p4: number; p5: string | null }],
    { minute: number; count: number }
  >(
    `SELECT c.minute, c.count FROM group_minute_counts c JOIN event_groups g ON g.id = c.group_id
     WHERE c.group_id = @p1 AND c.tenant_id = @p2 AND c.minute BETWEEN @p3 AND @p4 AND (@p5 IS NULL OR g.site_id = @p5)`,
  );
  const since = db.prepare<[{ p1: string; p2: number; p3: string | null }], MinuteCount>(
    `SELECT c.group_id AS groupId, c.minute, c.count FROM group_minute_counts c
     JOIN event_groups g ON g.id = c.group_id
     WHERE c.tenant_id = @p1 AND c.minute >= @p2 AND (@p3 IS NULL OR g.site_id = @p3)
     ORDER BY c.group_id, c.minute`,
  );
  return {
    series(scope, groupId, fromMinute, toMinute) {
      const out = new Array<number>(Math.max(0, toMinute - fromMinute + 1)).fill(0);
      for (const row of series.all({
        p1: groupId,
        p2: scope.tenantId,
        p3: fromMinute,
        p4: toMinute,
        p5: scope.siteId ?? null,
      })) {
        out[row.minute - fromMinute] = row.count;
      }
      return out;
    },
    since: (scope, sinceMinute) => since.all({ p1: scope.tenantId, p2: sinceMinute, p3: scope.siteId ?? null }),
  };
}
