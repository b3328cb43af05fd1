import type { tunnelsMethods } from '../contract/index.js';
import type { HandlerTable } from '../core/slice-kit/index.js';
import { scopeOf, sessionOf } from '../core/slice-kit/index.js';
import type { TunnelsService } from './tunnels-service.js';

/** The tunnels slice's handler table: the contract's `tunnels.*` methods over the service. */
export function tunnelsHandlers({ tunnels }: { tunnels: TunnelsService }) {
  return {
    'tunnels.list': (_input, ctx) => ({ items: tunnels.interfaces.list(scopeOf(ctx)) }),
    'tunnels.status': (input, ctx) => tunnels.status(scopeOf(ctx), input.interfaceId),
    'tunnels.history': (input, ctx) => tunnels.history(scopeOf(ctx), input.peerId, input.minutes),
    'tunnels.createInterface': (input, ctx) => tunnels.interfaces.create(scopeOf(ctx), input),
    'tunnels.updateInterface': (input, ctx) => tunnels.interfaces.update(scopeOf(ctx), input),
    'tunnels.removeInterface': async (input, ctx) => {
      await tunnels.interfaces.remove(scopeOf(ctx), input.id);
      return { ok: true as const };
    },
    'tunnels.up': (input, ctx) => tunnels.interfaces.setEnabled(scopeOf(ctx), input.id, true),
    'tunnels.down': (input, ctx) => tunnels.interfaces.setEnabled(scopeOf(ctx), input.id, false),
    'tunnels.addPeer': (input, ctx) => tunnels.peers.add(scopeOf(ctx), input),
    'tunnels.updatePeer': (input, ctx) => tunnels.peers.update(scopeOf(ctx), input),
    'tunnels.removePeer': async (input, ctx) => {
      await tunnels.peers.remove(scopeOf(ctx), input.id);
      return { ok: true as const };
    },
    'tunnels.rotateKeys': (input, ctx) => tunnels.peers.rotate(scopeOf(ctx), input.peerId, input.publicKey),
    'tunnels.rotateHubKey': (input, ctx) => tunnels.hubKey.start(scopeOf(ctx), input),
    'tunnels.finishHubRotation': (input, ctx) => tunnels.hubKey.finish(scopeOf(ctx), input.interfaceId),
    'tunnels.setReachability': (input, ctx) =>
      tunnels.peers.setReachability(scopeOf(ctx), input.peerIds, input.allowed, sessionOf(ctx).userId),
    'tunnels.exportConfig': (input, ctx) => tunnels.peers.exportConfig(scopeOf(ctx), input.peerId, input.qr),
    'tunnels.createLink': (input, ctx) =>
      tunnels.peers.createLink(scopeOf(ctx), input.peerId, input.ttlMinutes, sessionOf(ctx).userId),
    'tunnels.importConfig': (input, ctx) => tunnels.importConfig(scopeOf(ctx), input),
  } satisfies Pick<HandlerTable, keyof typeof tunnelsMethods>;
}
