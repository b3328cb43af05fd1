import type { PeerState, TunnelRole } from '../contract/index.js';
import type { Scope } from './types.js';

/** Keys in these rows are as the tunnels slice sealed them; the store never sees them in clear. */
export interface TunnelInterfaceRow {
  id: string;
  tenantId: string;
  siteId: string;
  name: string;
  role: TunnelRole;
  sealedPrivateKey: string;
  publicKey: string;
  keyCreatedAt: number;
  listenPort: number | null;
  addresses: string[];
  poolV4: string | null;
  poolV6: string | null;
  endpoint: string | null;
  dns: string[];
  mtu: number | null;
  enabled: boolean;
  /** Which of the hub's two device names is current (0: `name`; see tunnels' hub-rotation.ts). */
  keySlot: 0 | 1;
  /** A hub key rotation in progress: the new key (sealed), its port and the endpoint sites dial. */
  sealedPendingPrivateKey: string | null;
  pendingPublicKey: string | null;
  pendingListenPort: number | null;
  pendingEndpoint: string | null;
  pendingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface TunnelPeerRow {
  id: string;
  tenantId: string;
  interfaceId: string;
  siteId: string | null;
  name: string;
  publicKey: string;
  sealedPrivateKey: string | null;
  sealedPresharedKey: string | null;
  hostIndex: number | null;
  addresses: string[];
  allowedIps: string[];
  endpoint: string | null;
  persistentKeepalive: number | null;
  enabled: boolean;
  expiresAt: number | null;
  keyCreatedAt: number;
  pendingPublicKey: string | null;
  sealedPendingPrivateKey: string | null;
  pendingSince: number | null;
  /** During a hub key rotation: when this peer was first seen on the hub's new key (its route moved). */
  hubMovedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewTunnelInterface = Omit<
  TunnelInterfaceRow,
  | 'id'
  | 'tenantId'
  | 'createdAt'
  | 'updatedAt'
  | 'keySlot'
  | 'sealedPendingPrivateKey'
  | 'pendingPublicKey'
  | 'pendingListenPort'
  | 'pendingEndpoint'
  | 'pendingSince'
>;
export type TunnelInterfacePatch = Partial<
  Omit<TunnelInterfaceRow, 'id' | 'tenantId' | 'siteId' | 'role' | 'createdAt' | 'updatedAt'>
>;
export type NewTunnelPeer = Omit<
  TunnelPeerRow,
  | 'id'
  | 'tenantId'
  | 'createdAt'
  | 'updatedAt'
  | 'pendingPublicKey'
  | 'sealedPendingPrivateKey'
  | 'pendingSince'
  | 'hubMovedAt'
>;
export type TunnelPeerPatch = Partial<
  Omit<TunnelPeerRow, 'id' | 'tenantId' | 'interfaceId' | 'createdAt' | 'updatedAt'>
>;

export interface TunnelGrantRow {
  peerIds: [string, string];
  createdAt: number;
  createdBy: string;
}

export interface TunnelMinuteRow {
  peerId: string;
  tenantId: string;
  minute: number;
  rxBytes: number;
  txBytes: number;
  state: PeerState;
  handshakeAt: number | null;
}

export interface TunnelLinkClaim {
  tenantId: string;
  peerId: string;
  createdBy: string;
}

export interface TunnelsRepository {
  listInterfaces(scope: Scope): TunnelInterfaceRow[];
  getInterface(scope: Scope, id: string): TunnelInterfaceRow | undefined;
  /** `conflict` when the name is taken on this installation. */
  createInterface(scope: Scope, row: NewTunnelInterface): TunnelInterfaceRow;
  updateInterface(scope: Scope, id: string, patch: TunnelInterfacePatch): TunnelInterfaceRow | undefined;
  deleteInterface(scope: Scope, id: string): boolean;

  listPeers(scope: Scope, interfaceId?: string): TunnelPeerRow[];
  getPeer(scope: Scope, id: string): TunnelPeerRow | undefined;
  /**
   * Inserts a peer at the lowest free host index from `firstIndex` (computed in the same
   * transaction, so two inserts never take the same address); `addressesFor` turns the index into
   * the peer's addresses. `conflict` when the public key is already a peer of the interface, or
   * when no index up to `lastIndex` is free.
   */
  createPeer(
    scope: Scope,
    row: Omit<NewTunnelPeer, 'hostIndex' | 'addresses'>,
    allocate: { firstIndex: number; lastIndex: number; addressesFor: (index: number) => string[] } | null,
    fixedAddresses?: string[],
  ): TunnelPeerRow;
  updatePeer(scope: Scope, id: string, patch: TunnelPeerPatch): TunnelPeerRow | undefined;
  deletePeer(scope: Scope, id: string): boolean;

  listGrants(scope: Scope, interfaceId: string): TunnelGrantRow[];
  setGrant(scope: Scope, interfaceId: string, peerIds: [string, string], allowed: boolean, by: string): void;

  createLink(scope: Scope, link: { tokenHash: string; peerId: string; expiresAt: number; createdBy: string }): void;
  /** Marks an unused, unexpired link used and answers whose it was; undefined otherwise. Installation-wide: the token is the key. */
  consumeLink(tokenHash: string, now: number): TunnelLinkClaim | undefined;

  /** Adds minute rollups (a minute written twice, as across a restart, adds up its transfer). */
  writeMinutes(rows: readonly TunnelMinuteRow[]): void;
  history(scope: Scope, peerId: string, since: number): TunnelMinuteRow[];
  /** Deletes rollups and spent links older than `before`; answers the rollups removed. */
  prune(before: number): number;
}
