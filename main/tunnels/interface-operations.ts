import { OutpostError, type CreateInterfaceInput, type TunnelInterface } from '../contract/index.js';
import { generateKeyPair } from '../../native/wireguard/index.js';
import type { Scope, TunnelInterfaceRow } from '../store/index.js';
import { hostAt, overlaps, parsePool } from './address-plan.js';
import { deviceNames } from './hub-devices.js';
import type { TunnelContext } from './tunnel-context.js';

const invalid = (path: string, message: string) =>
  new OutpostError('invalid_input', `${path}: ${message}`, { issues: [{ path, message }] });

/** Every pool of every interface on this machine (all tenants share one routing table). */
function poolsInUse(ctx: TunnelContext, exceptId?: string): { name: string; cidr: string }[] {
  const { store } = ctx.deps;
  return store.tenants
    .list()
    .flatMap((t) => store.tunnels.listInterfaces({ tenantId: t.id }))
    .filter((i) => i.id !== exceptId)
    .flatMap((i) =>
      [i.poolV4, i.poolV6, ...i.addresses]
        .filter((c): c is string => c !== null)
        .map((cidr) => ({ name: i.name, cidr })),
    );
}

export function createInterfaceOperations(ctx: TunnelContext) {
  const { deps } = ctx;
  const { store, secrets, config } = deps;

  function hubAddresses(input: CreateInterfaceInput) {
    const v4 = parsePool(input.poolV4 ?? config.poolV4, 'ipv4', 'poolV4');
    const v6 = config.poolV6 || input.poolV6 ? parsePool(input.poolV6 ?? config.poolV6, 'ipv6', 'poolV6') : null;
    for (const pool of [v4, v6]) {
      if (!pool) continue;
      const clash = poolsInUse(ctx).find((p) => overlaps(p.cidr, pool.cidr));
      if (clash) {
        throw invalid(
          pool.family === 'ipv4' ? 'poolV4' : 'poolV6',
          `overlaps ${clash.cidr} of interface ${clash.name}; pick another range`,
        );
      }
    }
    const addresses = [`${hostAt(v4, 1)}/${v4.prefix}`, ...(v6 ? [`${hostAt(v6, 1)}/${v6.prefix}`] : [])];
    return { poolV4: v4.cidr, poolV6: v6?.cidr ?? null, addresses };
  }

  return {
    list(scope: Scope): TunnelInterface[] {
      return store.tunnels.listInterfaces(scope).map((i) => ctx.view(scope, i.id));
    },

    create(scope: Scope, input: CreateInterfaceInput): TunnelInterface {
      const siteId = input.siteId ?? store.sites.ensureDefault(scope).id;
      if (input.siteId) ctx.requireSite(scope, input.siteId);
      if (input.role !== 'hub') {
        throw invalid('role', 'a site interface comes from the config its hub issued: use tunnels.importConfig');
      }
      const keys = generateKeyPair();
      const row = store.tunnels.createInterface(scope, {
        siteId,
        name: input.name,
        role: 'hub',
        sealedPrivateKey: secrets.seal(keys.privateKey),
        publicKey: keys.publicKey,
        keyCreatedAt: deps.now(),
        listenPort: input.listenPort ?? config.defaultListenPort,
        ...hubAddresses(input),
        endpoint: input.endpoint ?? null,
        dns: input.dns ?? [],
        mtu: input.mtu ?? null,
        enabled: false,
      });
      ctx.changed(scope, row.id, null, 'created');
      return ctx.view(scope, row.id);
    },

    async update(
      scope: Scope,
      input: { id: string; endpoint?: string | null; listenPort?: number | null; dns?: string[]; mtu?: number | null },
    ): Promise<TunnelInterface> {
      ctx.requireInterface(scope, input.id);
      const { id, ...patch } = input;
      const row = store.tunnels.updateInterface(scope, id, patch)!;
      await ctx.applyIfEnabled(scope, row);
      ctx.changed(scope, id, null, 'updated');
      if (row.role === 'hub' && (patch.endpoint !== undefined || patch.dns !== undefined || patch.mtu !== undefined)) {
        for (const peer of store.tunnels.listPeers(scope, id)) ctx.configChanged(scope, peer, 'interface');
      }
      return ctx.view(scope, id);
    },

    async remove(scope: Scope, id: string): Promise<void> {
      const row = ctx.requireInterface(scope, id);
      // An interface that is down has nothing on the host to take away.
      if (row.enabled || ctx.runtime.state(id).running) {
        await ctx.runtime.remove(id, Object.values(deviceNames(row))).catch((err: unknown) => {
          throw new OutpostError(
            'unavailable',
            `${err instanceof Error ? err.message : String(err)} The interface was not removed.`,
          );
        });
      }
      for (const peer of store.tunnels.listPeers(scope, id)) ctx.monitor.forget(peer.id);
      store.tunnels.deleteInterface(scope, id);
      ctx.changed(scope, id, null, 'removed');
    },

    async setEnabled(scope: Scope, id: string, enabled: boolean): Promise<TunnelInterface> {
      ctx.requireInterface(scope, id);
      store.tunnels.updateInterface(scope, id, { enabled });
      await ctx.runtime.apply(scope, id);
      void ctx.monitor.pollNow().catch(() => undefined);
      ctx.changed(scope, id, null, enabled ? 'up' : 'down');
      return ctx.view(scope, id);
    },

    /** Brings up every interface marked up (at start); failures stay in their lastError. */
    async startAll(): Promise<void> {
      for (const tenant of store.tenants.list()) {
        const scope = { tenantId: tenant.id };
        for (const iface of store.tunnels.listInterfaces(scope)) {
          if (iface.enabled) await ctx.runtime.apply(scope, iface.id);
        }
      }
    },

    interfaceRow: (scope: Scope, id: string): TunnelInterfaceRow => ctx.requireInterface(scope, id),
  };
}

export type InterfaceOperations = ReturnType<typeof createInterfaceOperations>;
