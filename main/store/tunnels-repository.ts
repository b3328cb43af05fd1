import { OutpostError } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import { newId } from './ids.js';
import type {
  TunnelGrantRow,
  TunnelInterfaceRow,
  TunnelMinuteRow,
  TunnelPeerRow,
  TunnelsRepository,
} from './tunnels-types.js';

const IF_COLUMNS = `id, tenant_id AS tenantId, site_id AS siteId, name, role, private_key AS sealedPrivateKey,
  public_key AS publicKey, key_created_at AS keyCreatedAt, listen_port AS listenPort, addresses,
  pool_v4 AS poolV4, pool_v6 AS poolV6, endpoint, dns, mtu, enabled, key_slot AS keySlot,
  pending_private_key AS sealedPendingPrivateKey, pending_public_key AS pendingPublicKey,
  pending_listen_port AS pendingListenPort, pending_endpoint AS pendingEndpoint, pending_since AS pendingSince,
  created_at AS createdAt, updated_at AS updatedAt`;
const PEER_COLUMNS = `id, tenant_id AS tenantId, interface_id AS interfaceId, site_id AS siteId, name,
  public_key AS publicKey, private_key AS sealedPrivateKey, preshared_key AS sealedPresharedKey,
  host_index AS hostIndex, addresses, allowed_ips AS allowedIps, endpoint, persistent_keepalive AS persistentKeepalive,
  enabled, expires_at AS expiresAt, key_created_at AS keyCreatedAt, pending_public_key AS pendingPublicKey,
  pending_private_key AS sealedPendingPrivateKey, pending_since AS pendingSince, hub_moved_at AS hubMovedAt,
  created_at AS createdAt, updated_at AS updatedAt`;

type Raw<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] extends string[] ? string : T[K] };

const IF_FIELDS: Record<string, string> = {
  name: 'name',
  sealedPrivateKey: 'private_key',
  publicKey: 'public_key',
  keyCreatedAt: 'key_created_at',
  listenPort: 'listen_port',
  addresses: 'addresses',
  poolV4: 'pool_v4',
  poolV6: 'pool_v6',
  endpoint: 'endpoint',
  dns: 'dns',
  mtu: 'mtu',
  enabled: 'enabled',
  keySlot: 'key_slot',
  sealedPendingPrivateKey: 'pending_private_key',
  pendingPublicKey: 'pending_public_key',
  pendingListenPort: 'pending_listen_port',
  pendingEndpoint: 'pending_endpoint',
  pendingSince: 'pending_since',
};
const PEER_FIELDS: Record<string, string> = {
  siteId: 'site_id',
  name: 'name',
  publicKey: 'public_key',
  sealedPrivateKey: 'private_key',
  sealedPresharedKey: 'preshared_key',
  addresses: 'addresses',
  allowedIps: 'allowed_ips',
  endpoint: 'endpoint',
  persistentKeepalive: 'persistent_keepalive',
  enabled: 'enabled',
  expiresAt: 'expires_at',
  keyCreatedAt: 'key_created_at',
  pendingPublicKey: 'pending_public_key',
  sealedPendingPrivateKey: 'pending_private_key',
  pendingSince: 'pending_since',
  hubMovedAt: 'hub_moved_at',
};

const toInterface = (r: Raw<TunnelInterfaceRow>): TunnelInterfaceRow => ({
  ...r,
  addresses: JSON.parse(r.addresses) as string[],
  dns: JSON.parse(r.dns) as string[],
  enabled: r.enabled === 1,
});
const toPeer = (r: Raw<TunnelPeerRow>): TunnelPeerRow => ({
  ...r,
  addresses: JSON.parse(r.addresses) as string[],
  allowedIps: JSON.parse(r.allowedIps) as string[],
  enabled: r.enabled === 1,
});

/** Arrays as JSON and booleans as 0/1, for binding. */
function bindable(value: unknown): unknown {
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

function patchSql(fields: Record<string, string>, patch: object): { sets: string[]; values: unknown[] } {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const column = fields[key];
    if (!column || value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(bindable(value));
  }
  return { sets, values };
}

const isUnique = (err: unknown) => err instanceof Error && /UNIQUE constraint failed/.test(err.message);

export function createTunnelsRepository(db: Database): TunnelsRepository {
  const interfaces = db.prepare<[string], Raw<TunnelInterfaceRow>>(
    `SELECT ${IF_COLUMNS} FROM tunnel_interfaces WHERE tenant_id = ? ORDER BY name`,
  );
  const oneInterface = db.prepare<[string, string], Raw<TunnelInterfaceRow>>(
    `SELECT ${IF_COLUMNS} FROM tunnel_interfaces WHERE tenant_id = ? AND id = ?`,
  );
  const peersOfTenant = db.prepare<[string], Raw<TunnelPeerRow>>(
    `SELECT ${PEER_COLUMNS} FROM tunnel_peers WHERE tenant_id = ? ORDER BY interface_id, name, id`,
  );
  const peersOfInterface = db.prepare<[string, string], Raw<TunnelPeerRow>>(
    `SELECT ${PEER_COLUMNS} FROM tunnel_peers WHERE tenant_id = ? AND interface_id = ? ORDER BY name, id`,
  );
  const onePeer = db.prepare<[string, string], Raw<TunnelPeerRow>>(
    `SELECT ${PEER_COLUMNS} FROM tunnel_peers WHERE tenant_id = ? AND id = ?`,
  );
  const usedIndexes = db
    .prepare<[string], number>(
      'SELECT host_index FROM tunnel_peers WHERE interface_id = ? AND host_index IS NOT NULL ORDER BY host_index',
    )
    .pluck();
  const grants = db.prepare<[string, string], { a: string; b: string; createdAt: number; createdBy: string }>(
    `SELECT peer_a AS a, peer_b AS b, created_at AS createdAt, created_by AS createdBy
     FROM tunnel_grants WHERE tenant_id = ? AND interface_id = ? ORDER BY created_at`,
  );
  const consume = db.prepare<[{ now: number; hash: string }], { tenantId: string; peerId: string; createdBy: string }>(
    `UPDATE tunnel_links SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
     RETURNING tenant_id AS tenantId, peer_id AS peerId, created_by AS createdBy`,
  );
  const upsertMinute = db.prepare(
    `INSERT INTO tunnel_peer_minutes (peer_id, minute, tenant_id, rx_bytes, tx_bytes, state, handshake_at)
     SELECT @peerId, @minute, @tenantId, @rxBytes, @txBytes, @state, @handshakeAt
     WHERE EXISTS (SELECT 1 FROM tunnel_peers WHERE id = @peerId)
     ON CONFLICT (peer_id, minute) DO UPDATE SET rx_bytes = rx_bytes + excluded.rx_bytes, tx_bytes = tx_bytes + excluded.tx_bytes,
       state = excluded.state, handshake_at = excluded.handshake_at`,
  );
  const history = db.prepare<[string, string, number], TunnelMinuteRow>(
    `SELECT peer_id AS peerId, tenant_id AS tenantId, minute, rx_bytes AS rxBytes, tx_bytes AS txBytes, state,
       handshake_at AS handshakeAt
     FROM tunnel_peer_minutes WHERE tenant_id = ? AND peer_id = ? AND minute >= ? ORDER BY minute`,
  );

  const getInterface = (tenantId: string, id: string) => {
    const row = oneInterface.get(tenantId, id);
    return row && toInterface(row);
  };
  const getPeer = (tenantId: string, id: string) => {
    const row = onePeer.get(tenantId, id);
    return row && toPeer(row);
  };

  const insertPeer = db.transaction(
    (
      tenantId: string,
      row: Parameters<TunnelsRepository['createPeer']>[1],
      allocate: Parameters<TunnelsRepository['createPeer']>[2],
      fixed: string[],
    ): TunnelPeerRow => {
      let hostIndex: number | null = null;
      let addresses = fixed;
      if (allocate) {
        hostIndex = allocate.firstIndex;
        for (const used of usedIndexes.all(row.interfaceId)) {
          if (used < hostIndex) continue;
          if (used !== hostIndex) break;
          hostIndex += 1;
        }
        if (hostIndex > allocate.lastIndex) {
          throw new OutpostError(
            'conflict',
            'The address range of this interface is full. Remove a peer or use a larger range.',
          );
        }
        addresses = allocate.addressesFor(hostIndex);
      }
      const id = newId();
      const now = Date.now();
      db.prepare(
        `INSERT INTO tunnel_peers (id, tenant_id, interface_id, site_id, name, public_key, private_key, preshared_key,
           host_index, addresses, allowed_ips, endpoint, persistent_keepalive, enabled, expires_at, key_created_at,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        tenantId,
        row.interfaceId,
        row.siteId,
        row.name,
        row.publicKey,
        row.sealedPrivateKey,
        row.sealedPresharedKey,
        hostIndex,
        JSON.stringify(addresses),
        JSON.stringify(row.allowedIps),
        row.endpoint,
        row.persistentKeepalive,
        row.enabled ? 1 : 0,
        row.expiresAt,
        row.keyCreatedAt,
        now,
        now,
      );
      return getPeer(tenantId, id)!;
    },
  );

  return {
    listInterfaces: (scope) => interfaces.all(scope.tenantId).map(toInterface),
    getInterface: (scope, id) => getInterface(scope.tenantId, id),
    createInterface(scope, row) {
      const id = newId();
      const now = Date.now();
      try {
        db.prepare(
          `INSERT INTO tunnel_interfaces (id, tenant_id, site_id, name, role, private_key, public_key, key_created_at,
             listen_port, addresses, pool_v4, pool_v6, endpoint, dns, mtu, enabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          id,
          scope.tenantId,
          row.siteId,
          row.name,
          row.role,
          row.sealedPrivateKey,
          row.publicKey,
          row.keyCreatedAt,
          row.listenPort,
          JSON.stringify(row.addresses),
          row.poolV4,
          row.poolV6,
          row.endpoint,
          JSON.stringify(row.dns),
          row.mtu,
          row.enabled ? 1 : 0,
          now,
          now,
        );
      } catch (err) {
        if (isUnique(err)) {
          throw new OutpostError(
            'conflict',
            `An interface named ${row.name} already exists on this installation. Pick another name.`,
            {
              issues: [{ path: 'name', message: 'is taken' }],
            },
          );
        }
        throw err;
      }
      return getInterface(scope.tenantId, id)!;
    },
    updateInterface(scope, id, patch) {
      const { sets, values } = patchSql(IF_FIELDS, patch);
      if (sets.length > 0) {
        db.prepare(
          `UPDATE tunnel_interfaces SET ${sets.join(', ')}, updated_at = ? WHERE tenant_id = ? AND id = ?`,
        ).run(...values, Date.now(), scope.tenantId, id);
      }
      return getInterface(scope.tenantId, id);
    },
    deleteInterface: (scope, id) =>
      db.prepare('DELETE FROM tunnel_interfaces WHERE tenant_id = ? AND id = ?').run(scope.tenantId, id).changes > 0,

    listPeers: (scope, interfaceId) =>
      (interfaceId === undefined
        ? peersOfTenant.all(scope.tenantId)
        : peersOfInterface.all(scope.tenantId, interfaceId)
      ).map(toPeer),
    getPeer: (scope, id) => getPeer(scope.tenantId, id),
    createPeer(scope, row, allocate, fixedAddresses = []) {
      try {
        return insertPeer(scope.tenantId, row, allocate, fixedAddresses);
      } catch (err) {
        if (isUnique(err)) {
          throw new OutpostError('conflict', 'That public key is already a peer of this interface.', {
            issues: [{ path: 'publicKey', message: 'is already a peer' }],
          });
        }
        throw err;
      }
    },
    updatePeer(scope, id, patch) {
      const { sets, values } = patchSql(PEER_FIELDS, patch);
      if (sets.length > 0) {
        db.prepare(`UPDATE tunnel_peers SET ${sets.join(', ')}, updated_at = ? WHERE tenant_id = ? AND id = ?`).run(
          ...values,
          Date.now(),
          scope.tenantId,
          id,
        );
      }
      return getPeer(scope.tenantId, id);
    },
    deletePeer: (scope, id) =>
      db.prepare('DELETE FROM tunnel_peers WHERE tenant_id = ? AND id = ?').run(scope.tenantId, id).changes > 0,

    listGrants: (scope, interfaceId): TunnelGrantRow[] =>
      grants
        .all(scope.tenantId, interfaceId)
        .map((g) => ({ peerIds: [g.a, g.b], createdAt: g.createdAt, createdBy: g.createdBy })),
    setGrant(scope, interfaceId, peerIds, allowed, by) {
      const [a, b] = [...peerIds].sort() as [string, string];
      if (allowed) {
        db.prepare(
          `INSERT INTO tunnel_grants (peer_a, peer_b, interface_id, tenant_id, created_at, created_by)
           SELECT @a, @b, @interfaceId, @tenantId, @now, @by WHERE
             (SELECT count(*) FROM tunnel_peers
              WHERE id IN (@a, @b) AND tenant_id = @tenantId AND interface_id = @interfaceId) = 2
           ON CONFLICT DO NOTHING`,
        ).run({ a, b, interfaceId, tenantId: scope.tenantId, now: Date.now(), by });
      } else {
        db.prepare('DELETE FROM tunnel_grants WHERE peer_a = ? AND peer_b = ? AND tenant_id = ?').run(
          a,
          b,
          scope.tenantId,
        );
      }
    },

    createLink(scope, link) {
      db.prepare(
        `INSERT INTO tunnel_links (token_hash, tenant_id, peer_id, expires_at, created_by, created_at)
         SELECT ?, ?, id, ?, ?, ? FROM tunnel_peers WHERE id = ? AND tenant_id = ?`,
      ).run(link.tokenHash, scope.tenantId, link.expiresAt, link.createdBy, Date.now(), link.peerId, scope.tenantId);
    },
    consumeLink: (tokenHash, now) => consume.get({ now, hash: tokenHash }),

    writeMinutes: db.transaction((rows: readonly TunnelMinuteRow[]) => {
      for (const row of rows) upsertMinute.run(row);
    }),
    history: (scope, peerId, since) => history.all(scope.tenantId, peerId, since),
    prune(before) {
      db.prepare('DELETE FROM tunnel_links WHERE expires_at < ?').run(before);
      return db.prepare('DELETE FROM tunnel_peer_minutes WHERE minute < ?').run(before).changes;
    },
  };
}
