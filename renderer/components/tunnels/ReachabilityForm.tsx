import { useId, useState, type FormEvent } from 'react';
import type { TunnelInterface } from '../../../main/contract/index.js';
import { api } from '../../state/app-state.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

/** Site-to-site: deny by default; an admin allows pairs here, and takes them back. */
export function ReachabilityForm({ iface }: { iface: TunnelInterface }) {
  const [a, setA] = useState(iface.peers[0]?.id ?? '');
  const [b, setB] = useState(iface.peers[1]?.id ?? '');
  const { run, message, error, busy } = useTunnelAction();
  const ids = { a: useId(), b: useId() };
  const nameOf = (id: string) => iface.peers.find((p) => p.id === id)?.name ?? id;

  const set = (pair: [string, string], allowed: boolean) =>
    run(
      () => api.call('tunnels.setReachability', { peerIds: pair, allowed }),
      `${nameOf(pair[0])} and ${nameOf(pair[1])} ${allowed ? 'may now reach' : 'can no longer reach'} each other. Both sites need their new config.`,
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void set([a, b], true);
  };

  return (
    <div className="tunnel-form">
      <h3>Site-to-site</h3>
      {iface.grants.length === 0 ? (
        <p className="muted">No site can reach another: each reaches the hub only.</p>
      ) : (
        <ul>
          {iface.grants.map((g) => (
            <li key={g.peerIds.join()}>
              {nameOf(g.peerIds[0])} ↔ {nameOf(g.peerIds[1])}{' '}
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => void set(g.peerIds, false)}
              >
                Forbid
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} aria-label="Allow two sites to reach each other" className="row-actions">
        {(['a', 'b'] as const).map((side) => (
          <span key={side} className="field">
            <label htmlFor={ids[side]}>{side === 'a' ? 'Site' : 'and site'}</label>
            <select
              id={ids[side]}
              value={side === 'a' ? a : b}
              onChange={(e) => (side === 'a' ? setA : setB)(e.target.value)}
            >
              {iface.peers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </span>
        ))}
        <button type="submit" className="button" disabled={busy || a === b}>
          Allow
        </button>
      </form>
      <ActionMessages message={message} error={error} />
    </div>
  );
}
