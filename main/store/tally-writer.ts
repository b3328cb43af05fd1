import type { Database } from '../../native/sqlite/index.js';
import type { BatchTallies } from './batch-tallies.js';
import type { SiteScope } from './pipeline-types.js';

/**
 * Writes a batch's tallies with one statement per table: the distinct groups, (group, minute)
 * pairs and devices travel as one JSON array each and SQLite walks it with json_each. A batch of
 * varied log lines still touches hundreds of groups and devices, and a statement per entry cost
 * more in binding and stepping from JavaScript than the rows themselves.
 */
export function createTallyWriter(db: Database): (scope: SiteScope, tallies: BatchTallies) => void {
  // [id, added, firstSeen, lastSeen, severity]
  const bumpGroups = db.prepare<[string, string]>(
    `UPDATE event_groups AS g SET count = g.count + t.added, first_seen = min(g.first_seen, t.firstSeen),
       last_seen = max(g.last_seen, t.lastSeen), severity = max(g.severity, t.severity)
     FROM (SELECT value ->> 0 AS id, value ->> 1 AS added, value ->> 2 AS firstSeen, value ->> 3 AS lastSeen,
             value ->> 4 AS severity FROM json_each(?)) AS t
     WHERE g.id = t.id AND g.tenant_id = ?`,
  );
  // [groupId, minute, count]; `WHERE true` tells the parser the ON CONFLICT belongs to the INSERT.
  const addMinutes = db.prepare<[string, string]>(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count)
     SELECT value ->> 0, value ->> 1, ?, value ->> 2 FROM json_each(?) WHERE true
     ON CONFLICT (group_id, minute) DO UPDATE SET count = count + excluded.count`,
  );
  // [device, lastSeen, lastEventId, count]
  const touchDevices = db.prepare<[string, string, string]>(
    `INSERT INTO devices (tenant_id, site_id, device, last_seen, last_event_id, events)
     SELECT ?, ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
     ON CONFLICT (tenant_id, site_id, device) DO UPDATE SET
       events = events + excluded.events,
       last_event_id = CASE WHEN excluded.last_seen >= last_seen THEN excluded.last_event_id ELSE last_event_id END,
       last_seen = max(last_seen, excluded.last_seen)`,
  );

  return (scope, tallies) => {
    if (tallies.groups.size > 0) {
      const groups = [...tallies.groups].map(([id, t]) => [id, t.added, t.firstSeen, t.lastSeen, t.severity]);
      bumpGroups.run(JSON.stringify(groups), scope.tenantId);
    }
    if (tallies.minutes.size > 0) {
      const minutes: [string, number, number][] = [];
      for (const [groupId, counts] of tallies.minutes) {
        for (const [minute, count] of counts) minutes.push([groupId, minute, count]);
      }
      addMinutes.run(scope.tenantId, JSON.stringify(minutes));
    }
    if (tallies.devices.size > 0) {
      const devices = [...tallies.devices].map(([device, t]) => [device, t.lastSeen, t.lastEventId, t.count]);
      touchDevices.run(scope.tenantId, scope.siteId, JSON.stringify(devices));
    }
  };
}
