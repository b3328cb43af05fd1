import { OutpostError } from '../contract/index.js';
import { generateKeyPair } from '../../native/wireguard/index.js';
import type { Scope, TunnelPeerRow } from '../store/index.js';
import type { TunnelsDeps } from './tunnels-deps.js';

/**
 * Key rotation without a gap: the new public key joins the interface beside the old one (with no
 * AllowedIPs, so it can shake hands but carries nothing), the peer's new config goes out (sync, or
 * an export), and when the first handshake with the new key is seen the old key is removed and
 * the addresses move to the new one. Until then the old key keeps working; rotating again replaces
 * the waiting key.
 */
export function startRotation(deps: TunnelsDeps, scope: Scope, peer: TunnelPeerRow, publicKey?: string): TunnelPeerRow {
  const now = deps.now();
  let next: { publicKey: string; sealedPrivateKey: string | null };
  if (publicKey !== undefined) {
    if (publicKey === peer.publicKey) {
      throw new OutpostError('invalid_input', 'publicKey: is the key in use now; send the new one', {
        issues: [{ path: 'publicKey', message: 'is the current key' }],
      });
    }
    next = { publicKey, sealedPrivateKey: null };
  } else {
    if (!peer.sealedPrivateKey) {
      throw new OutpostError(
        'conflict',
        `Outpost does not hold ${peer.name}'s private key (it was added with its public key): send the new public key the site made.`,
      );
    }
    const pair = generateKeyPair();
    next = { publicKey: pair.publicKey, sealedPrivateKey: deps.secrets.seal(pair.privateKey) };
  }
  const updated = deps.store.tunnels.updatePeer(scope, peer.id, {
    pendingPublicKey: next.publicKey,
    sealedPendingPrivateKey: next.sealedPrivateKey,
    pendingSince: now,
  });
  if (!updated) throw new OutpostError('not_found', `There is no peer ${peer.id}.`);
  return updated;
}

/** The new key was seen: it becomes the peer's key, and the old one is gone. */
export function finishRotation(deps: TunnelsDeps, scope: Scope, peer: TunnelPeerRow): TunnelPeerRow | undefined {
  if (!peer.pendingPublicKey) return peer;
  return deps.store.tunnels.updatePeer(scope, peer.id, {
    publicKey: peer.pendingPublicKey,
    // An unmanaged peer's private key is the site's; a managed one's moves to the new key.
    sealedPrivateKey: peer.sealedPrivateKey === null ? null : peer.sealedPendingPrivateKey,
    keyCreatedAt: deps.now(),
    pendingPublicKey: null,
    sealedPendingPrivateKey: null,
    pendingSince: null,
  });
}
