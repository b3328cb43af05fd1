import { OutpostError, type TunnelInterface } from '../contract/index.js';
import { publicKeyOf } from '../../native/wireguard/index.js';
import type { Scope } from '../store/index.js';
import type { TunnelContext } from './tunnel-context.js';
import { parseWgQuick, type WgQuickConfig } from './wg-quick.js';

export interface ImportInput {
  config: string;
  name?: string | undefined;
  interfaceId?: string | undefined;
  siteId?: string | undefined;
}

function checkSiteConfig(parsed: WgQuickConfig): void {
  const problems: string[] = [];
  if (parsed.peers.length === 0) problems.push('it has no [Peer] (the hub)');
  for (const peer of parsed.peers) {
    for (const cidr of peer.allowedIps) {
      if (/\/0$/.test(cidr)) {
        problems.push(
          `AllowedIPs ${cidr} would send all traffic into the tunnel; Outpost tunnels carry site↔hub traffic only`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new OutpostError('invalid_input', `The wg-quick file cannot be imported: ${problems.join('; ')}.`, {
      issues: problems.map((message) => ({ path: 'config', message })),
    });
  }
}

/**
 * A site's tunnel from the wg-quick file its hub issued (an export, a one-time link, later sync):
 * a new interface, brought up at once so the site connects as soon as it has a network; or, with
 * `interfaceId`, the same interface reconfigured live (a rotated key, a new grant) without dropping
 * the peers whose settings did not change.
 */
export async function importSiteConfig(ctx: TunnelContext, scope: Scope, input: ImportInput): Promise<TunnelInterface> {
  const { store, secrets, now } = ctx.deps;
  const parsed = parseWgQuick(input.config);
  checkSiteConfig(parsed);
  const publicKey = publicKeyOf(parsed.interface.privateKey);
  const fields = {
    addresses: parsed.interface.addresses,
    listenPort: parsed.interface.listenPort ?? null,
    dns: parsed.interface.dns,
    mtu: parsed.interface.mtu ?? null,
  };

  let interfaceId: string;
  if (input.interfaceId) {
    const current = ctx.requireInterface(scope, input.interfaceId);
    if (current.role !== 'site') {
      throw new OutpostError('invalid_input', 'interfaceId: only a site interface takes an imported config', {
        issues: [{ path: 'interfaceId', message: 'is a hub interface' }],
      });
    }
    interfaceId = current.id;
    store.tunnels.updateInterface(scope, current.id, {
      ...fields,
      ...(current.publicKey === publicKey
        ? {}
        : { sealedPrivateKey: secrets.seal(parsed.interface.privateKey), publicKey, keyCreatedAt: now() }),
      enabled: true,
    });
  } else {
    if (input.siteId) ctx.requireSite(scope, input.siteId);
    const row = store.tunnels.createInterface(scope, {
      siteId: input.siteId ?? store.sites.ensureDefault(scope).id,
      name: input.name ?? 'wg0',
      role: 'site',
      sealedPrivateKey: secrets.seal(parsed.interface.privateKey),
      publicKey,
      keyCreatedAt: now(),
      poolV4: null,
      poolV6: null,
      endpoint: null,
      enabled: true,
      ...fields,
    });
    interfaceId = row.id;
  }

  const existing = new Map(store.tunnels.listPeers(scope, interfaceId).map((p) => [p.publicKey, p]));
  for (const peer of parsed.peers) {
    const values = {
      allowedIps: peer.allowedIps,
      endpoint: peer.endpoint ?? null,
      persistentKeepalive: peer.persistentKeepalive ?? null,
      sealedPresharedKey: peer.presharedKey ? secrets.seal(peer.presharedKey) : null,
    };
    const match = existing.get(peer.publicKey);
    if (match) {
      store.tunnels.updatePeer(scope, match.id, values);
      existing.delete(peer.publicKey);
    } else {
      store.tunnels.createPeer(
        scope,
        {
          interfaceId,
          siteId: null,
          name: peer.name ?? 'hub',
          publicKey: peer.publicKey,
          sealedPrivateKey: null,
          enabled: true,
          expiresAt: null,
          keyCreatedAt: now(),
          ...values,
        },
        null,
        [],
      );
    }
  }
  for (const gone of existing.values()) {
    store.tunnels.deletePeer(scope, gone.id);
    ctx.monitor.forget(gone.id);
  }
  await ctx.runtime.apply(scope, interfaceId);
  ctx.changed(scope, interfaceId, null, input.interfaceId ? 'updated' : 'created');
  return ctx.view(scope, interfaceId);
}
