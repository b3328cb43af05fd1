import { useEffect, useState } from 'react';
import { can } from '../api/access.js';
import { NewSiteForm } from '../components/NewSiteForm.js';
import { SitesTable } from '../components/SitesTable.js';
import { useSession, useSites } from '../state/app-state.js';
import { SettingsHeader } from '../components/SettingsHeader.js';

export function SitesSettingsPage() {
  const role = useSession((s) => s.user?.role);
  const { status, sites, error, load, watch } = useSites();
  const mayCreate = can(role, 'sites.create');
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  return (
    <>
      <SettingsHeader title="Sites" />
      {message && (
        <p key={message.n} role="status" className="message">
          {message.text}
        </p>
      )}
      {(status === 'idle' || status === 'loading') && (
        <p role="status" className="muted">
          Loading sites…
        </p>
      )}
      {status === 'error' && (
        <div role="alert" className="message message-error">
          <p>{error}</p>
          <button type="button" className="button button-secondary" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {status === 'ready' && sites.length === 0 && (
        <p className="message">
          {mayCreate ? 'No sites yet. Create the first one below.' : 'No sites yet. An admin can create the first one.'}
        </p>
      )}
      {status === 'ready' && sites.length > 0 && (
        <SitesTable
          sites={sites}
          mayEdit={can(role, 'sites.update')}
          mayRemove={can(role, 'sites.remove')}
          onDone={(text) => setMessage((m) => ({ text, n: (m?.n ?? 0) + 1 }))}
        />
      )}

      {mayCreate ? (
        <section aria-labelledby="new-site-heading" className="panel">
          <h2 id="new-site-heading">New site</h2>
          <NewSiteForm />
        </section>
      ) : (
        <p className="muted">Only admins can create sites.</p>
      )}
    </>
  );
}
