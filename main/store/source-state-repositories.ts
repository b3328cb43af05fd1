import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import type {
  CheckpointsRepository,
  DeviceRow,
  DeviceSiteRow,
  DeviceSitesRepository,
  DevicesRepository,
  MinerStateRepository,
} from './source-types.js';

/** Small per-source and per-tenant state: checkpoints, device last seen, the miner's state. */
export function createCheckpointsRepository(db: Database): CheckpointsRepository {
  const read = db
    .prepare<[string, string], string>('SELECT cursor FROM source_checkpoints WHERE source_id = ? AND tenant_id = ?')
    .pluck();
  // Only a source of the tenant gets a checkpoint: the INSERT selects it from `sources`.
  const write = db.prepare<[{ p1: string; p2: string; p3: string; p4: number }]>(
    `INSERT INTO source_checkpoints (source_id, tenant_id, cursor, updated_at)
     SELECT id, tenant_id, @p3, @p4 FROM sources WHERE id = @p1 AND tenant_id = @p2
     ON CONFLICT (source_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  return {
    get: (scope, sourceId) => read.get(sourceId, scope.tenantId),
    set: (scope, sourceId, cursor) => void write.run({ p1: sourceId, p2: scope.tenantId, p3: cursor, p4: Date.now() }),
  };
}

export function createDevicesRepository(db: Database): DevicesRepository {
  const COLUMNS = 'site_id AS siteId, device, last_seen AS lastSeen, last_event_id AS lastEventId, events';
  const list = db.prepare<[{ p1: string; p2: string | null }], DeviceRow>(
    `SELECT ${COLUMNS} FROM devices WHERE tenant_id = @p1 AND (@p2 IS NULL OR site_id = @p2) ORDER BY site_id, device`,
  );
  const one = db.prepare<[string, string, string], DeviceRow>(
    `SELECT ${COLUMNS} FROM devices WHERE tenant_id = ? AND site_id = ? AND device = ?`,
  );
  return {
    list: (scope) => list.all({ p1: scope.tenantId, p2: scope.siteId ?? null }),
    get: (scope, device) => one.get(scope.tenantId, scope.siteId, device),
  };
}

export function createDeviceSitesRepository(db: Database): DeviceSitesRepository {
  const list = db.prepare<[string], DeviceSiteRow>(
    `SELECT device, site_id AS siteId, updated_at AS updatedAt FROM device_sites WHERE tenant_id = ? ORDER BY device`,
  );
  const upsert = db.prepare<[{ p1: string; p2: string; p3: string; p4: number }]>(
    `INSERT INTO device_sites (tenant_id, device, site_id, updated_at) VALUES (@p1, @p2, @p3, @p4)
     ON CONFLICT (tenant_id, device) DO UPDATE SET site_id = excluded.site_id, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM device_sites WHERE tenant_id = ? AND device = ?');
  return {
    list: (scope) => list.all(scope.tenantId),
    set(scope, device, siteId, at = Date.now()) {
      translateConstraints(() => upsert.run({ p1: scope.tenantId, p2: device, p3: siteId, p4: at }), {
        foreignKey: `Site ${siteId} is not a site of this tenant. Pick one from sites.list.`,
      });
    },
    clear: (scope, device) => remove.run(scope.tenantId, device).changes > 0,
  };
}

export function createMinerStateRepository(db: Database): MinerStateRepository {
  const read = db.prepare<[string], string>('SELECT state FROM miner_state WHERE tenant_id = ?').pluck();
  const write = db.prepare<[string, string, number]>(
    `INSERT INTO miner_state (tenant_id, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  return {
    get: (scope) => read.get(scope.tenantId),
    set: (scope, json) => void write.run(scope.tenantId, json, Date.now()),
  };
}
