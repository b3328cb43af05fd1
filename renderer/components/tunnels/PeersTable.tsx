import { Fragment, useState } from 'react';
import type { TunnelInterface, TunnelPeer } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { api, useSession } from '../../state/app-state.js';
import { useNow } from '../use-now.js';
import { ConfirmAction } from '../site-map/ConfirmAction.js';
import { ConfigExport } from './ConfigExport.js';
import { PeerStateBadge } from './PeerStateBadge.js';
import { TransferChart } from './TransferChart.js';
import { formatBytes, peerNotes } from './tunnel-format.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

type Open = { peerId: string; panel: 'chart' | 'config' } | null;

/** The peers of one interface: state, transfer, and (for admins) what can be done to each. */
export function PeersTable({ iface }: { iface: TunnelInterface }) {
  const role = useSession((s) => s.user?.role);
  const now = useNow(1000);
  const mayAdmin = can(role, 'tunnels.updatePeer');
  const [open, setOpen] = useState<Open>(null);
  const { run, message, error, busy } = useTunnelAction();
  const toggle = (peerId: string, panel: 'chart' | 'config') =>
    setOpen(open?.peerId === peerId && open.panel === panel ? null : { peerId, panel });
  const columns = mayAdmin ? 7 : 6;

  const actions = (peer: TunnelPeer) => (
    <>
      <button
        type="button"
        className="button button-secondary"
        aria-label={`${peer.enabled ? 'Disable' : 'Enable'} ${peer.name}`}
        onClick={() =>
          void run(
            () => api.call('tunnels.updatePeer', { id: peer.id, enabled: !peer.enabled }),
            `${peer.name} ${peer.enabled ? 'disabled' : 'enabled'}.`,
          )
        }
      >
        {peer.enabled ? 'Disable' : 'Enable'}
      </button>
      {iface.role === 'hub' && peer.managedKey && (
        <>
          <ConfirmAction
            label={`Rotate keys of ${peer.name}`}
            question={`Give ${peer.name} a new key? The old one works until the site shakes hands with the new one.`}
            confirmLabel="Rotate"
            busy={busy}
            onConfirm={() =>
              run(
                () => api.call('tunnels.rotateKeys', { peerId: peer.id }),
                `New key made for ${peer.name}. Give the site its new config (Config).`,
              ).then(() => undefined)
            }
          />
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={open?.peerId === peer.id && open.panel === 'config'}
            aria-label={`Config of ${peer.name}`}
            onClick={() => toggle(peer.id, 'config')}
          >
            Config
          </button>
        </>
      )}
      {iface.role === 'hub' && (
        <ConfirmAction
          label={`Revoke ${peer.name}`}
          question={`Cut ${peer.name} off now and delete its keys?`}
          confirmLabel="Revoke"
          danger
          busy={busy}
          onConfirm={() =>
            run(() => api.call('tunnels.removePeer', { id: peer.id }), `${peer.name} revoked.`).then(() => undefined)
          }
        />
      )}
    </>
  );

  return (
    <>
      <ActionMessages message={message} error={error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Peers of {iface.name}</caption>
          <thead>
            <tr>
              <th scope="col">Peer</th>
              <th scope="col">Address</th>
              <th scope="col">State</th>
              <th scope="col">Received / sent</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Chart</th>
              {mayAdmin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {iface.peers.map((peer) => {
              const notes = peerNotes(peer, now, iface.hubRotation !== null);
              const panel = open?.peerId === peer.id ? open.panel : null;
              return (
                <Fragment key={peer.id}>
                  <tr>
                    <th scope="row">
                      {peer.name}
                      {notes.length > 0 && <span className="muted"> ({notes.join(', ')})</span>}
                    </th>
                    <td>{peer.addresses.join(', ') || peer.allowedIps.join(', ')}</td>
                    <td>
                      <PeerStateBadge health={peer.health} now={now} />
                    </td>
                    <td className="num">
                      {formatBytes(peer.health.rxBytes)} / {formatBytes(peer.health.txBytes)}
                    </td>
                    <td>{peer.health.endpoint ?? peer.endpoint ?? <span className="muted">not yet seen</span>}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-expanded={panel === 'chart'}
                        aria-label={`Transfer chart of ${peer.name}`}
                        onClick={() => toggle(peer.id, 'chart')}
                      >
                        {panel === 'chart' ? 'Hide' : 'Show'}
                      </button>
                    </td>
                    {mayAdmin && <td className="row-actions">{actions(peer)}</td>}
                  </tr>
                  {panel && (
                    <tr>
                      <td colSpan={columns}>
                        {panel === 'chart' ? (
                          <TransferChart peerId={peer.id} name={peer.name} />
                        ) : (
                          <ConfigExport peer={peer} />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
