import { z } from 'zod';
import { Id, Millis } from './common.js';

/** WireGuard tunnels (issue 13): what the API shows of interfaces and peers. Keys are public keys only. */

export const TUNNEL_ROLES = ['hub', 'site'] as const;
export const TunnelRole = z.enum(TUNNEL_ROLES);
export type TunnelRole = z.infer<typeof TunnelRole>;

/** up: a handshake within the stale threshold; stale: an older one; down: none yet, disabled, or interface down. */
export const PeerState = z.enum(['up', 'stale', 'down']);
export type PeerState = z.infer<typeof PeerState>;

export const InterfaceName = z
  .string()
  .regex(/^[A-Za-z0-9_=+.-]{1,15}$/, 'must be 1 to 15 letters, digits or _ = + . -');

export const WgPublicKey = z
  .string()
  .regex(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, 'must be a WireGuard public key (44 base64 characters)');

/** `host:port`, host a name, an IPv4 address or a bracketed IPv6 address. */
export const TunnelEndpoint = z
  .string()
  .trim()
  .regex(
    /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253}):\d{1,5}$/,
    'must be host:port (an IPv6 address in brackets: [2001:db8::1]:51820)',
  );

export const Cidr = z.string().trim().min(3).max(64);

export const PeerHealth = z.object({
  state: PeerState,
  latestHandshakeAt: Millis.nullable(),
  /** Seconds since the latest handshake; null without one. */
  handshakeAgeSeconds: z.number().int().nonnegative().nullable(),
  rxBytes: z.number().int().nonnegative(),
  txBytes: z.number().int().nonnegative(),
  /** Where the peer was last heard from (`wg show`), not the configured endpoint. */
  endpoint: z.string().nullable(),
});
export type PeerHealth = z.infer<typeof PeerHealth>;

export const TunnelPeer = z.object({
  id: Id,
  interfaceId: Id,
  /** The site this peer connects (on a hub), when one is named. */
  siteId: Id.nullable(),
  name: z.string(),
  publicKey: z.string(),
  /** The peer's own tunnel addresses (host routes). */
  addresses: z.array(z.string()),
  /** What this side routes to the peer (its addresses on a hub; the hub and granted sites on a site). */
  allowedIps: z.array(z.string()),
  endpoint: z.string().nullable(),
  persistentKeepalive: z.number().int().nullable(),
  enabled: z.boolean(),
  expiresAt: Millis.nullable(),
  /** True when Outpost holds this peer's private key (and can render and rotate its config). */
  managedKey: z.boolean(),
  keyCreatedAt: Millis,
  /** A rotation waits for the peer's first handshake with its new key. */
  rotationPendingSince: Millis.nullable(),
  /** During a hub key rotation: when the peer was first seen on the hub's new key (null: not yet). */
  hubKeyMovedAt: Millis.nullable(),
  health: PeerHealth,
  createdAt: Millis,
  updatedAt: Millis,
});
export type TunnelPeer = z.infer<typeof TunnelPeer>;

export const TunnelGrant = z.object({ peerIds: z.tuple([Id, Id]), createdAt: Millis });
export type TunnelGrant = z.infer<typeof TunnelGrant>;

export const TunnelInterface = z.object({
  id: Id,
  siteId: Id,
  name: z.string(),
  role: TunnelRole,
  publicKey: z.string(),
  listenPort: z.number().int().nullable(),
  addresses: z.array(z.string()),
  poolV4: z.string().nullable(),
  poolV6: z.string().nullable(),
  /** How peers reach this interface (`host:port`), written into their configs. */
  endpoint: z.string().nullable(),
  dns: z.array(z.string()),
  mtu: z.number().int().nullable(),
  /** Wanted up (brought up at start and kept up). */
  enabled: z.boolean(),
  running: z.boolean(),
  implementation: z.enum(['kernel', 'wireguard-go']).nullable(),
  /** Why the interface is not as wanted, in one sentence. */
  lastError: z.string().nullable(),
  /** Hubs only: whether the site-isolation firewall is in place. */
  firewall: z.enum(['enforced', 'not-enforced', 'not-applicable']),
  keyCreatedAt: Millis,
  /**
   * Hubs: a rotation of the hub's own key in progress. The new key runs on a second interface
   * (`deviceName`, its own port); each peer moves to it when it is seen there (`hubKeyMovedAt`).
   */
  hubRotation: z
    .object({
      since: Millis,
      publicKey: z.string(),
      listenPort: z.number().int().nullable(),
      endpoint: z.string().nullable(),
      deviceName: z.string(),
      running: z.boolean(),
    })
    .nullable(),
  peers: z.array(TunnelPeer),
  grants: z.array(TunnelGrant),
  createdAt: Millis,
  updatedAt: Millis,
});
export type TunnelInterface = z.infer<typeof TunnelInterface>;

export const TunnelHistoryPoint = z.object({
  minute: Millis,
  rxBytes: z.number().int().nonnegative(),
  txBytes: z.number().int().nonnegative(),
  state: PeerState,
});
export type TunnelHistoryPoint = z.infer<typeof TunnelHistoryPoint>;
