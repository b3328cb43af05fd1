import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { SyncConflict } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { api, useSync } from '../../state/app-state.js';
import { formatTime } from '../time-format.js';
import { showValue, valueAt } from './conflict-fields.js';
import { MergeDialog } from './MergeDialog.js';

/**
 * One document changed here and on the hub: each field both sides changed, with the common version,
 * this site's and the hub's side by side, and the three ways out.
 */
export function ConflictCard({ conflict, mayResolve }: { conflict: SyncConflict; mayResolve: boolean }) {
  const headingId = `conflict-${conflict.id}`;
  const title = conflict.title;
  const [busy, setBusy] = useState(false);
  const [merging, setMerging] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function keep(which: 'site' | 'hub') {
    setBusy(true);
    setError(null);
    try {
      await api.call('sync.resolveConflict', { id: conflict.id, keep: which });
      await useSync.getState().refresh();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel sync-conflict" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p className="muted">Changed here and on the hub since {formatTime(conflict.createdAt)}.</p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Versions of {title}</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Common version</th>
              <th scope="col">This site&apos;s</th>
              <th scope="col">The hub&apos;s</th>
            </tr>
          </thead>
          <tbody>
            {conflict.fields.map((path) => (
              <tr key={path}>
                <th scope="row" className="mono">
                  {path}
                </th>
                <td className="muted">{showValue(valueAt(conflict.base, path))}</td>
                <td>{showValue(valueAt(conflict.local, path))}</td>
                <td>{showValue(valueAt(conflict.hub, path))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayResolve && (
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void keep('site')}>
            Keep this site&apos;s
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void keep('hub')}>
            Keep the hub&apos;s
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => setMerging(true)}>
            Merge by hand…
          </button>
        </div>
      )}
      <ActionFeedback error={error} message={null} />
      {merging && (
        <MergeDialog
          conflict={conflict}
          onClose={() => {
            // Effects run before React Aria puts focus back on the opener (see SitesTable).
            flushSync(() => setMerging(false));
          }}
        />
      )}
    </section>
  );
}
