import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { Site } from '../../main/contract/index.js';
import { EditSiteDialog } from './sites/EditSiteDialog.js';
import { RemoveSiteDialog } from './sites/RemoveSiteDialog.js';
import { useRowRemovalFocus } from './row-removal-focus.js';

/** Outpost makes this site by itself for events from sources that name no site. */
const DEFAULT_SLUG = 'default';

export function SitesTable({
  sites,
  mayEdit = false,
  mayRemove = false,
  onDone,
}: {
  sites: readonly Site[];
  mayEdit?: boolean;
  mayRemove?: boolean;
  /** Says what an edit or a removal did (the page shows it: the table may be gone after a removal). */
  onDone?: (message: string) => void;
}) {
  const [open, setOpen] = useState<{ kind: 'edit' | 'remove'; site: Site; index: number } | null>(null);
  const { tableRef, moveFocus } = useRowRemovalFocus('remove');
  const close = (text?: string) => {
    // A dialog closed after an answer (not by a key or click) is an ordinary update, whose effects may
    // run after the frame in which React Aria puts focus back on the opener, while the page is still
    // inert: focus would fall to the body. A synchronous update runs them before that frame.
    flushSync(() => setOpen(null));
    // A removed site's row is gone with its Remove button, so focus cannot go back there.
    if (text && open?.kind === 'remove') moveFocus(open.site.id, open.index);
    if (text) onDone?.(text);
  };
  const withActions = mayEdit || mayRemove;

  return (
    <>
      <div className="table-wrap">
        <table className="table" ref={tableRef}>
          <caption className="visually-hidden">Sites</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Time zone</th>
              <th scope="col">Address</th>
              {withActions && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {sites.map((site, index) => (
              <tr key={site.id} data-row-key={site.id}>
                <td>
                  {site.name}
                  {site.slug === DEFAULT_SLUG && (
                    <p className="field-hint">
                      Made by Outpost for events from sources that name no site. Rename it, or remove it once nothing
                      sends to it.
                    </p>
                  )}
                </td>
                <td className="mono">{site.slug}</td>
                <td>{site.timezone}</td>
                <td>{site.address || <span className="muted">None</span>}</td>
                {withActions && (
                  <td>
                    <div className="row-actions">
                      {mayEdit && (
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Edit site ${site.name}`}
                          onClick={() => setOpen({ kind: 'edit', site, index })}
                        >
                          Edit
                        </button>
                      )}
                      {mayRemove && (
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Remove site ${site.name}`}
                          data-row-action="remove"
                          onClick={() => setOpen({ kind: 'remove', site, index })}
                        >
                          Remove
                        </button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open?.kind === 'edit' && <EditSiteDialog site={open.site} onClose={close} />}
      {open?.kind === 'remove' && <RemoveSiteDialog site={open.site} onClose={close} />}
    </>
  );
}
