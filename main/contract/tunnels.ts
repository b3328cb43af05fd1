import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis, Ok } from './common.js';
import {
  Cidr,
  InterfaceName,
  PeerHealth,
  TunnelEndpoint,
  TunnelHistoryPoint,
  TunnelInterface,
  TunnelPeer,
  TunnelRole,
  WgPublicKey,
} from './tunnels-model.js';

/*
 * Roles: seeing tunnel state (which sites are reachable) is for operators and above — viewers are
 * wall boards and guests, and addresses and endpoints describe the network. Commissioning a site
 * (importing the config the hub issued, bringing its tunnel up or down) is a technician's job.
 * Everything that changes who may connect, or hands out a private key, is for admins only, and
 * exports are audited even though they change nothing.
 */

const PeerName = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const Dns = z.array(z.string().trim().min(1).max(253)).max(8);
const Port = z.number().int().min(1).max(65535);
const Mtu = z.number().int().min(1280).max(9000);

export const CreateInterfaceInput = z
  .object({
    name: InterfaceName,
    role: TunnelRole,
    /** Defaults to the tenant's default site. */
    siteId: Id.optional(),
    listenPort: Port.optional(),
    /** Hubs: the range peers' addresses come from (defaults from `tunnels.poolV4` / `tunnels.poolV6`). */
    poolV4: Cidr.optional(),
    poolV6: Cidr.optional(),
    /** Hubs: the host:port sites dial. */
    endpoint: TunnelEndpoint.optional(),
    dns: Dns.optional(),
    mtu: Mtu.optional(),
  })
  .strict();
export type CreateInterfaceInput = z.infer<typeof CreateInterfaceInput>;

const Status = z.object({
  at: Millis,
  staleAfterSeconds: z.number().int().positive(),
  items: z.array(
    z.object({
      interfaceId: Id,
      name: z.string(),
      role: TunnelRole,
      running: z.boolean(),
      peers: z.array(z.object({ peerId: Id, name: z.string(), siteId: Id.nullable(), ...PeerHealth.shape })),
    }),
  ),
});

const read = { tenantScoped: true, mutates: false } as const;
const change = { tenantScoped: true, mutates: true } as const;

export const tunnelsMethods = {
  'tunnels.list': defineMethod({
    name: 'tunnels.list',
    summary: 'Tunnel interfaces with their peers, site-to-site grants and live state.',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(TunnelInterface) }),
    access: 'operator',
    ...read,
  }),
  'tunnels.status': defineMethod({
    name: 'tunnels.status',
    summary: 'Handshake age, transfer and up/stale/down of every peer.',
    input: z.object({ interfaceId: Id.optional() }).strict(),
    output: Status,
    access: 'operator',
    ...read,
  }),
  'tunnels.history': defineMethod({
    name: 'tunnels.history',
    summary: "A peer's 1-minute transfer and state rollups, oldest first.",
    input: z.object({ peerId: Id, minutes: z.number().int().min(1).max(43_200).default(1440) }).strict(),
    output: z.object({ points: z.array(TunnelHistoryPoint) }),
    access: 'operator',
    ...read,
  }),
  'tunnels.createInterface': defineMethod({
    name: 'tunnels.createInterface',
    summary: 'Creates an interface with a new key pair (down until tunnels.up).',
    input: CreateInterfaceInput,
    output: TunnelInterface,
    access: 'admin',
    ...change,
  }),
  'tunnels.updateInterface': defineMethod({
    name: 'tunnels.updateInterface',
    summary: "Changes an interface's endpoint, port, DNS or MTU (applied live when up).",
    input: z
      .object({
        id: Id,
        endpoint: TunnelEndpoint.nullable().optional(),
        listenPort: Port.nullable().optional(),
        dns: Dns.optional(),
        mtu: Mtu.nullable().optional(),
      })
      .strict(),
    output: TunnelInterface,
    access: 'admin',
    ...change,
  }),
  'tunnels.removeInterface': defineMethod({
    name: 'tunnels.removeInterface',
    summary: 'Takes an interface down and deletes it with its peers and keys.',
    input: z.object({ id: Id }).strict(),
    output: Ok,
    access: 'admin',
    ...change,
  }),
  'tunnels.up': defineMethod({
    name: 'tunnels.up',
    summary: 'Brings an interface up and keeps it up (also after a restart). Failures show in lastError.',
    input: z.object({ id: Id }).strict(),
    output: TunnelInterface,
    access: 'technician',
    ...change,
  }),
  'tunnels.down': defineMethod({
    name: 'tunnels.down',
    summary: 'Takes an interface down and keeps it down.',
    input: z.object({ id: Id }).strict(),
    output: TunnelInterface,
    access: 'technician',
    ...change,
  }),
  'tunnels.addPeer': defineMethod({
    name: 'tunnels.addPeer',
    summary:
      'Adds a peer (a site) to a hub interface with the next free address. Without publicKey the hub makes ' +
      "and keeps the peer's key pair, so it can render its config and rotate it.",
    input: z
      .object({
        interfaceId: Id,
        name: PeerName,
        siteId: Id.optional(),
        publicKey: WgPublicKey.optional(),
        presharedKey: z.boolean().default(true),
        expiresAt: Millis.optional(),
      })
      .strict(),
    output: TunnelPeer,
    access: 'admin',
    ...change,
  }),
  'tunnels.updatePeer': defineMethod({
    name: 'tunnels.updatePeer',
    summary: 'Renames, enables or disables a peer, or sets its expiry (applied within seconds).',
    input: z
      .object({
        id: Id,
        name: PeerName.optional(),
        enabled: z.boolean().optional(),
        expiresAt: Millis.nullable().optional(),
      })
      .strict(),
    output: TunnelPeer,
    access: 'admin',
    ...change,
  }),
  'tunnels.removePeer': defineMethod({
    name: 'tunnels.removePeer',
    summary: 'Revokes a peer: removed from the running interface at once, its keys and grants deleted.',
    input: z.object({ id: Id }).strict(),
    output: Ok,
    access: 'admin',
    ...change,
  }),
  'tunnels.rotateKeys': defineMethod({
    name: 'tunnels.rotateKeys',
    summary:
      "Starts a key rotation: a new pair for a managed peer (or the peer's new public key), accepted " +
      'beside the old one until the first handshake with it, then the old key is retired.',
    input: z.object({ peerId: Id, publicKey: WgPublicKey.optional() }).strict(),
    output: TunnelPeer,
    access: 'admin',
    ...change,
  }),
  'tunnels.rotateHubKey': defineMethod({
    name: 'tunnels.rotateHubKey',
    summary:
      "Starts a rotation of a hub interface's own key: the new key runs beside the old on its own port " +
      '(default: the port next to the current one), every site gets its new file (sync, or an export), and ' +
      'each site moves to the new key when it is seen there. The old key goes when every peer has moved or ' +
      'on tunnels.finishHubRotation.',
    input: z.object({ interfaceId: Id, listenPort: Port.optional(), endpoint: TunnelEndpoint.optional() }).strict(),
    output: TunnelInterface,
    access: 'admin',
    ...change,
  }),
  'tunnels.finishHubRotation': defineMethod({
    name: 'tunnels.finishHubRotation',
    summary:
      "Ends a hub key rotation now: the old key's interface is removed, so peers that have not moved to the " +
      'new key (added by hand and not yet given their new file) are cut until they import it.',
    input: z.object({ interfaceId: Id }).strict(),
    output: TunnelInterface,
    access: 'admin',
    ...change,
  }),
  'tunnels.setReachability': defineMethod({
    name: 'tunnels.setReachability',
    summary: 'Allows or forbids two peers of a hub to reach each other (routes and hub firewall).',
    input: z.object({ peerIds: z.tuple([Id, Id]), allowed: z.boolean() }).strict(),
    output: TunnelInterface,
    access: 'admin',
    ...change,
  }),
  'tunnels.exportConfig': defineMethod({
    name: 'tunnels.exportConfig',
    summary: "A managed peer's wg-quick file (holds its private key; audited), optionally as a QR code.",
    input: z.object({ peerId: Id, qr: z.boolean().default(false) }).strict(),
    output: z.object({ fileName: z.string(), config: z.string(), qrSvg: z.string().optional() }),
    access: 'admin',
    tenantScoped: true,
    mutates: false,
    audited: true,
  }),
  'tunnels.createLink': defineMethod({
    name: 'tunnels.createLink',
    summary: "A single-use, short-lived download link for a managed peer's config (audited when made and used).",
    input: z.object({ peerId: Id, ttlMinutes: z.number().int().min(1).max(1440).default(15) }).strict(),
    output: z.object({ path: z.string(), expiresAt: Millis }),
    access: 'admin',
    ...change,
  }),
  'tunnels.importConfig': defineMethod({
    name: 'tunnels.importConfig',
    summary:
      'Creates a site interface from a wg-quick file (or replaces the config of interfaceId, live), and brings it up.',
    input: z
      .object({
        config: z.string().min(1, 'is required').max(65_536),
        name: InterfaceName.optional(),
        interfaceId: Id.optional(),
        siteId: Id.optional(),
      })
      .strict(),
    output: TunnelInterface,
    access: 'technician',
    ...change,
  }),
};
