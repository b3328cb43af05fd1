import type { PeerHealth, TunnelInterface, TunnelPeer } from '../contract/index.js';
import type { TunnelGrantRow, TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import { deviceNames } from './hub-devices.js';
import { NO_HEALTH } from './peer-health.js';
import type { RuntimeState } from './tunnel-runtime.js';

/** A peer as the API shows it: public key only, never a sealed secret. */
export function peerView(row: TunnelPeerRow, health: PeerHealth | undefined): TunnelPeer {
  return {
    id: row.id,
    interfaceId: row.interfaceId,
    siteId: row.siteId,
    name: row.name,
    publicKey: row.publicKey,
    addresses: row.addresses,
    allowedIps: row.allowedIps.length > 0 ? row.allowedIps : row.addresses,
    endpoint: row.endpoint,
    persistentKeepalive: row.persistentKeepalive,
    enabled: row.enabled,
    expiresAt: row.expiresAt,
    managedKey: row.sealedPrivateKey !== null,
    keyCreatedAt: row.keyCreatedAt,
    rotationPendingSince: row.pendingSince,
    hubKeyMovedAt: row.hubMovedAt,
    health: health ?? NO_HEALTH,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function interfaceView(
  row: TunnelInterfaceRow,
  peers: readonly TunnelPeerRow[],
  grants: readonly TunnelGrantRow[],
  runtime: RuntimeState,
  healthOf: (peerId: string) => PeerHealth | undefined,
): TunnelInterface {
  return {
    id: row.id,
    siteId: row.siteId,
    name: row.name,
    role: row.role,
    publicKey: row.publicKey,
    listenPort: row.listenPort,
    addresses: row.addresses,
    poolV4: row.poolV4,
    poolV6: row.poolV6,
    endpoint: row.endpoint,
    dns: row.dns,
    mtu: row.mtu,
    enabled: row.enabled,
    running: runtime.running,
    implementation: runtime.implementation,
    lastError: runtime.lastError,
    firewall: row.role === 'hub' && runtime.running ? runtime.firewall : 'not-applicable',
    keyCreatedAt: row.keyCreatedAt,
    hubRotation:
      row.pendingPublicKey !== null && row.pendingSince !== null
        ? {
            since: row.pendingSince,
            publicKey: row.pendingPublicKey,
            listenPort: row.pendingListenPort,
            endpoint: row.pendingEndpoint,
            deviceName: deviceNames(row).next,
            running: runtime.rotationRunning,
          }
        : null,
    peers: peers.map((p) => peerView(p, runtime.running ? healthOf(p.id) : undefined)),
    grants: grants.map((g) => ({ peerIds: g.peerIds, createdAt: g.createdAt })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
