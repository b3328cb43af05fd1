import { Fragment, useEffect, useRef, useState } from 'react';
import type { Source } from '../../main/contract/index.js';
import { can, canManageSource } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { useSession, useSources } from '../state/app-state.js';
import { EditSourceForm } from './EditSourceForm.js';
import { KIND_LABELS } from './source-kinds.js';
import { SourceHealthBadge } from './SourceHealthBadge.js';
import { useEntityNames } from './use-entity-names.js';
import { useRowRemovalFocus } from './row-removal-focus.js';
import { formatCount, formatDateTime } from './time-format.js';

const BREAKER: Record<Source['health']['breaker'], string> = {
  closed: 'Closed (normal)',
  open: 'Open (paused after failures)',
  'half-open': 'Half-open (trying again)',
};

export function SourcesTable({ sources }: { sources: readonly Source[] }) {
  const role = useSession((s) => s.user?.role);
  const { setEnabled, remove } = useSources();
  const mayEdit = can(role, 'sources.update');
  const names = useEntityNames();
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Where focus goes when the edit form closes: back to the Edit button that opened it, once
  // the form is gone from the page (the effect runs after that render).
  const returnFocus = useRef<string | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const { tableRef, moveFocus } = useRowRemovalFocus('delete');

  useEffect(() => {
    const id = returnFocus.current;
    if (id === null) return;
    returnFocus.current = null;
    editButtons.current.get(id)?.focus();
  });

  function closeEdit(id: string, savedName: string | null) {
    setEditing(null);
    setSaved(savedName === null ? null : `Saved the source “${savedName}”.`);
    returnFocus.current = id;
  }

  /** Runs a change; false (and the reason shown) when it failed. */
  async function act(action: () => Promise<void>): Promise<boolean> {
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(describeError(err));
      return false;
    }
  }

  return (
    <>
      {error && (
        <div role="alert" className="message message-error">
          <p>{error}</p>
        </div>
      )}
      <p role="status" className="muted">
        {saved}
      </p>
      <div className="table-wrap">
        <table className="table" ref={tableRef}>
          <caption className="visually-hidden">Sources</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Site</th>
              <th scope="col">Kind</th>
              <th scope="col">Enabled</th>
              <th scope="col">Health</th>
              <th scope="col">Last error</th>
              <th scope="col" className="optional-col">
                Accepted
              </th>
              <th scope="col" className="optional-col">
                Rejected
              </th>
              <th scope="col" className="optional-col">
                Breaker
              </th>
              {mayEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {sources.map((source, index) => (
              <Fragment key={source.id}>
                <tr data-row-key={source.id}>
                  <td>{source.name}</td>
                  <td>{names.site(source.siteId)}</td>
                  <td>{KIND_LABELS[source.kind]}</td>
                  <td>{source.enabled ? 'Yes' : 'No'}</td>
                  <td>
                    <SourceHealthBadge state={source.health.state} />
                  </td>
                  <td>
                    {source.health.lastError ? (
                      <>
                        {source.health.lastError}
                        {source.health.lastErrorAt !== null && (
                          <span className="muted"> ({formatDateTime(source.health.lastErrorAt)})</span>
                        )}
                      </>
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                  <td className="num optional-col">{formatCount(source.health.accepted)}</td>
                  <td className="num optional-col">{formatCount(source.health.rejected)}</td>
                  <td className="optional-col">{BREAKER[source.health.breaker]}</td>
                  {mayEdit && !canManageSource(role, source.kind) && (
                    <td className="muted">Admins only (reads this server's files)</td>
                  )}
                  {mayEdit && canManageSource(role, source.kind) && (
                    <td className="row-actions actions-cell">
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={`Edit ${source.name}`}
                        aria-expanded={editing === source.id}
                        aria-controls={editing === source.id ? `edit-source-${source.id}` : undefined}
                        ref={(el) => {
                          if (el) editButtons.current.set(source.id, el);
                          else editButtons.current.delete(source.id);
                        }}
                        onClick={() => {
                          setSaved(null);
                          setEditing(editing === source.id ? null : source.id);
                        }}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={`${source.enabled ? 'Disable' : 'Enable'} ${source.name}`}
                        onClick={() => void act(() => setEnabled(source.id, !source.enabled))}
                      >
                        {source.enabled ? 'Disable' : 'Enable'}
                      </button>
                      {confirmDelete === source.id ? (
                        <span role="group" aria-label={`Confirm deleting ${source.name}`} className="row-actions">
                          <button
                            type="button"
                            className="button"
                            onClick={() => {
                              setConfirmDelete(null);
                              void act(() => remove(source.id)).then((ok) => ok && moveFocus(source.id, index));
                            }}
                          >
                            Confirm delete
                          </button>
                          <button
                            type="button"
                            className="button button-secondary"
                            onClick={() => setConfirmDelete(null)}
                          >
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Delete ${source.name}`}
                          data-row-action="delete"
                          onClick={() => setConfirmDelete(source.id)}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  )}
                </tr>
                {mayEdit && editing === source.id && (
                  <tr id={`edit-source-${source.id}`}>
                    <td colSpan={10}>
                      <EditSourceForm source={source} onClose={(name) => closeEdit(source.id, name)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
