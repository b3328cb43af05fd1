import QRCode from 'qrcode';
import { OutpostError, type TunnelInterface, type TunnelPeer } from '../contract/index.js';
import { generateKeyPair, generatePresharedKey } from '../../native/wireguard/index.js';
import type { Scope, TunnelPeerRow } from '../store/index.js';
import { hostAt, parsePool, type Pool } from './address-plan.js';
import { hashLinkToken, isLinkToken, LINK_PREFIX, newLinkToken } from './config-links.js';
import { finishRotation, startRotation } from './key-rotation.js';
import type { TunnelContext } from './tunnel-context.js';
import { grantedPeers, siteConfigFor } from './tunnel-specs.js';
import { peerView } from './tunnel-views.js';
import { renderWgQuick } from './wg-quick.js';

interface AddPeerInput {
  interfaceId: string;
  name: string;
  siteId?: string | undefined;
  publicKey?: string | undefined;
  presharedKey: boolean;
  expiresAt?: number | undefined;
}

/** A file name from the peer's name: letters, digits and dashes only. */
const fileNameOf = (name: string) =>
  `${
    name
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'peer'
  }.conf`;

export function createPeerOperations(ctx: TunnelContext) {
  const { deps } = ctx;
  const { store, secrets, config } = deps;
  const open = (sealed: string) => secrets.open(sealed);

  const peerOut = (scope: Scope, id: string): TunnelPeer =>
    peerView(ctx.requirePeer(scope, id), ctx.monitor.health(id));

  /** The wg-quick text of a managed site peer (its new key while a rotation waits for it). */
  function siteConfigText(scope: Scope, peerId: string): { fileName: string; config: string } {
    const peer = ctx.requirePeer(scope, peerId);
    const hub = ctx.requireInterface(scope, peer.interfaceId);
    if (hub.role !== 'hub' || peer.sealedPrivateKey === null) {
      throw new OutpostError(
        'conflict',
        `Outpost does not hold ${peer.name}'s private key (it was added with its public key, or it is this site's hub), so it has no config to hand out.`,
      );
    }
    if (!hub.endpoint) {
      throw new OutpostError(
        'conflict',
        `Set the endpoint sites dial (host:port) on ${hub.name} first: tunnels.updateInterface.`,
      );
    }
    const peers = store.tunnels.listPeers(scope, hub.id);
    const granted = grantedPeers(peer, peers, store.tunnels.listGrants(scope, hub.id));
    const text = renderWgQuick(
      siteConfigFor(hub, peer, granted, open, config.persistentKeepalive),
      `Outpost tunnel for ${peer.name.replace(/[\r\n]/g, ' ')}: import it in Settings → Tunnels, or use wg-quick.`,
    );
    return { fileName: fileNameOf(peer.name), config: text };
  }

  async function add(scope: Scope, input: AddPeerInput): Promise<TunnelPeer> {
    const iface = ctx.requireInterface(scope, input.interfaceId);
    if (iface.role !== 'hub') {
      throw new OutpostError(
        'invalid_input',
        "interfaceId: a site interface's peer (its hub) comes from the imported config",
        {
          issues: [{ path: 'interfaceId', message: 'is not a hub interface' }],
        },
      );
    }
    if (input.siteId) ctx.requireSite(scope, input.siteId);
    if (input.expiresAt !== undefined && input.expiresAt <= deps.now()) {
      throw new OutpostError('invalid_input', 'expiresAt: must be in the future', {
        issues: [{ path: 'expiresAt', message: 'is in the past' }],
      });
    }
    const pools: Pool[] = [
      parsePool(iface.poolV4!, 'ipv4', 'poolV4'),
      ...(iface.poolV6 ? [parsePool(iface.poolV6, 'ipv6', 'poolV6')] : []),
    ];
    const keys = input.publicKey ? { publicKey: input.publicKey, privateKey: null } : generateKeyPair();
    const row = store.tunnels.createPeer(
      scope,
      {
        interfaceId: iface.id,
        siteId: input.siteId ?? null,
        name: input.name,
        publicKey: keys.publicKey,
        sealedPrivateKey: keys.privateKey === null ? null : secrets.seal(keys.privateKey),
        sealedPresharedKey: input.presharedKey ? secrets.seal(generatePresharedKey()) : null,
        allowedIps: [],
        endpoint: null,
        persistentKeepalive: null,
        enabled: true,
        expiresAt: input.expiresAt ?? null,
        keyCreatedAt: deps.now(),
      },
      {
        firstIndex: 2,
        lastIndex: Math.min(...pools.map((p) => p.lastIndex)),
        addressesFor: (index) => pools.map((p) => `${hostAt(p, index)}/${p.family === 'ipv4' ? 32 : 128}`),
      },
    );
    await ctx.applyIfEnabled(scope, iface);
    ctx.changed(scope, iface.id, row.id, 'created');
    ctx.configChanged(scope, row, 'created');
    return peerOut(scope, row.id);
  }

  async function update(
    scope: Scope,
    input: {
      id: string;
      name?: string | undefined;
      enabled?: boolean | undefined;
      expiresAt?: number | null | undefined;
    },
  ): Promise<TunnelPeer> {
    const peer = ctx.requirePeer(scope, input.id);
    const { id, ...patch } = input;
    store.tunnels.updatePeer(scope, id, patch);
    await ctx.applyIfEnabled(scope, ctx.requireInterface(scope, peer.interfaceId));
    ctx.changed(scope, peer.interfaceId, id, 'updated');
    return peerOut(scope, id);
  }

  async function remove(scope: Scope, id: string): Promise<void> {
    const peer = ctx.requirePeer(scope, id);
    store.tunnels.deletePeer(scope, id);
    // Revocation: the running interface drops the key now (wg syncconf), not at the next poll.
    await ctx.applyIfEnabled(scope, ctx.requireInterface(scope, peer.interfaceId));
    ctx.monitor.forget(id);
    deps.alerts.resolve(
      { tenantId: scope.tenantId, siteId: peer.siteId ?? ctx.requireInterface(scope, peer.interfaceId).siteId },
      `tunnel-stale:${id}`,
      'The peer was removed.',
    );
    ctx.changed(scope, peer.interfaceId, id, 'removed');
  }

  async function rotate(scope: Scope, peerId: string, publicKey?: string): Promise<TunnelPeer> {
    const peer = ctx.requirePeer(scope, peerId);
    const iface = ctx.requireInterface(scope, peer.interfaceId);
    if (iface.role !== 'hub') throw new OutpostError('conflict', "A site's keys are rotated from its hub.");
    const updated = startRotation(deps, scope, peer, publicKey);
    await ctx.applyIfEnabled(scope, iface);
    ctx.monitor.expectHandshake();
    ctx.changed(scope, iface.id, peerId, 'rotated');
    ctx.configChanged(scope, updated, 'rotated');
    return peerOut(scope, peerId);
  }

  async function rotationSeen(scope: Scope, peer: TunnelPeerRow): Promise<void> {
    finishRotation(deps, scope, peer);
    await ctx.runtime.apply(scope, peer.interfaceId);
    deps.log.info({ peerId: peer.id }, 'Tunnel key rotation finished: the new key shook hands, the old one is retired');
    ctx.changed(scope, peer.interfaceId, peer.id, 'rotated');
  }

  async function setReachability(
    scope: Scope,
    peerIds: [string, string],
    allowed: boolean,
    by: string,
  ): Promise<TunnelInterface> {
    if (peerIds[0] === peerIds[1]) {
      throw new OutpostError('invalid_input', 'peerIds: must name two different peers', {
        issues: [{ path: 'peerIds', message: 'are the same peer' }],
      });
    }
    const [a, b] = peerIds.map((id) => ctx.requirePeer(scope, id)) as [TunnelPeerRow, TunnelPeerRow];
    if (a.interfaceId !== b.interfaceId) {
      throw new OutpostError('invalid_input', 'peerIds: both peers must be on the same hub interface', {
        issues: [{ path: 'peerIds', message: 'are on different interfaces' }],
      });
    }
    const iface = ctx.requireInterface(scope, a.interfaceId);
    store.tunnels.setGrant(scope, iface.id, peerIds, allowed, by);
    await ctx.applyIfEnabled(scope, iface);
    ctx.changed(scope, iface.id, null, 'updated');
    for (const peer of [a, b]) ctx.configChanged(scope, peer, 'reachability');
    return ctx.view(scope, iface.id);
  }

  async function exportConfig(scope: Scope, peerId: string, qr: boolean) {
    const out = siteConfigText(scope, peerId);
    if (!qr) return out;
    const qrSvg = await QRCode.toString(out.config, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { ...out, qrSvg };
  }

  function createLink(scope: Scope, peerId: string, ttlMinutes: number, by: string) {
    siteConfigText(scope, peerId); // refuses peers without a config before a link exists
    const { token, hash } = newLinkToken();
    const expiresAt = deps.now() + ttlMinutes * 60_000;
    store.tunnels.createLink(scope, { tokenHash: hash, peerId, expiresAt, createdBy: by });
    return { path: `${LINK_PREFIX}${token}`, expiresAt };
  }

  /** Spends a one-time link: the config text once, then never again; audited. Null for any bad token. */
  function consumeLink(token: string, from: { address: string; userAgent?: string | undefined }) {
    if (!isLinkToken(token)) return null;
    const claim = store.tunnels.consumeLink(hashLinkToken(token), deps.now());
    if (!claim) return null;
    const scope = { tenantId: claim.tenantId };
    let outcome: 'ok' | 'failed' = 'ok';
    try {
      return siteConfigText(scope, claim.peerId);
    } catch (err) {
      outcome = 'failed';
      throw err;
    } finally {
      store.audit.write(scope, {
        actorUserId: null,
        actorEmail: 'one-time link',
        action: 'tunnels.linkUsed',
        targetId: claim.peerId,
        detail: JSON.stringify({ createdBy: claim.createdBy, userAgent: from.userAgent?.slice(0, 200) ?? null }),
        outcome,
        transport: 'http',
        address: from.address,
      });
    }
  }

  return {
    add,
    update,
    remove,
    rotate,
    rotationSeen,
    setReachability,
    exportConfig,
    siteConfigText,
    createLink,
    consumeLink,
  };
}

export type PeerOperations = ReturnType<typeof createPeerOperations>;
