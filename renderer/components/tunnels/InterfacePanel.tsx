import type { TunnelInterface } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { api, useSession } from '../../state/app-state.js';
import { ConfirmAction } from '../site-map/ConfirmAction.js';
import { AddPeerForm } from './AddPeerForm.js';
import { HubKeyRotation } from './HubKeyRotation.js';
import { PeersTable } from './PeersTable.js';
import { ReachabilityForm } from './ReachabilityForm.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

const FIREWALL = {
  enforced: 'Site isolation enforced by the firewall',
  'not-enforced': 'Site isolation NOT enforced (see the error)',
  'not-applicable': null,
} as const;

/** One interface: what it is, whether it runs, its peers, and the actions the user's role allows. */
export function InterfacePanel({ iface }: { iface: TunnelInterface }) {
  const role = useSession((s) => s.user?.role);
  const { run, message, error, busy } = useTunnelAction();
  const headingId = `tunnel-${iface.id}`;
  const reachable = iface.peers.filter((p) => p.health.state === 'up').length;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {iface.name} <span className="muted">({iface.role === 'hub' ? 'hub' : 'site'})</span>
      </h2>
      <dl className="tunnel-facts">
        <dt>State</dt>
        <dd>
          {iface.running
            ? `Up (${iface.implementation === 'kernel' ? 'kernel WireGuard' : 'wireguard-go'})`
            : iface.enabled
              ? 'Not running'
              : 'Down'}
          {iface.role === 'hub' && ` · ${reachable} of ${iface.peers.length} sites reachable`}
        </dd>
        <dt>Addresses</dt>
        <dd>{iface.addresses.join(', ')}</dd>
        {iface.endpoint && (
          <>
            <dt>Sites dial</dt>
            <dd>{iface.endpoint}</dd>
          </>
        )}
        {iface.listenPort !== null && (
          <>
            <dt>Port</dt>
            <dd>{iface.listenPort}</dd>
          </>
        )}
        {FIREWALL[iface.firewall] && (
          <>
            <dt>Isolation</dt>
            <dd>{FIREWALL[iface.firewall]}</dd>
          </>
        )}
      </dl>
      {iface.lastError && (
        <div role="alert" className="message message-error">
          <p>{iface.lastError}</p>
        </div>
      )}
      <div className="row-actions">
        {can(role, 'tunnels.up') && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => api.call(iface.enabled ? 'tunnels.down' : 'tunnels.up', { id: iface.id }),
                `${iface.name} is ${iface.enabled ? 'down' : 'coming up'}.`,
              )
            }
          >
            {iface.enabled ? `Take ${iface.name} down` : `Bring ${iface.name} up`}
          </button>
        )}
        {can(role, 'tunnels.removeInterface') && (
          <ConfirmAction
            label={`Remove ${iface.name}`}
            question={`Take ${iface.name} down and delete it with its ${iface.peers.length} peers and keys?`}
            confirmLabel="Remove"
            danger
            busy={busy}
            onConfirm={() => run(() => api.call('tunnels.removeInterface', { id: iface.id })).then(() => undefined)}
          />
        )}
      </div>
      <ActionMessages message={message} error={error} />
      {iface.role === 'hub' && <HubKeyRotation iface={iface} />}
      {iface.peers.length > 0 ? <PeersTable iface={iface} /> : <p className="muted">No peers yet.</p>}
      {iface.role === 'hub' && can(role, 'tunnels.addPeer') && <AddPeerForm iface={iface} />}
      {iface.role === 'hub' && can(role, 'tunnels.setReachability') && iface.peers.length > 1 && (
        <ReachabilityForm iface={iface} />
      )}
    </section>
  );
}
