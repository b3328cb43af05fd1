import { useEffect } from 'react';
import { Link } from 'react-router';
import { can } from '../api/access.js';
import { LoadState } from '../components/LoadState.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { SitePicker } from '../components/site-map/SitePicker.js';
import { ConflictCard } from '../components/sync/ConflictCard.js';
import { EnrolForm } from '../components/sync/EnrolForm.js';
import { SyncStatusPanel } from '../components/sync/SyncStatusPanel.js';
import { useSession, useSites, useSync, useSystemInfo } from '../state/app-state.js';

/** Settings → Sync on a site: enrolment with a hub, the state of sync, and conflicts to resolve. */
export function SyncSettingsPage() {
  const role = useSession((s) => s.user?.role);
  const installation = useSystemInfo((s) => s.info?.role);
  const sites = useSites((s) => s.sites);
  const sitesStatus = useSites((s) => s.status);
  const { status, sync, conflicts, error, siteId, load, watch } = useSync();
  const isHub = installation === 'hub';
  // With no site, sync.status can only answer "create a site first": that is a hint, not a failure.
  const noSite = sitesStatus === 'ready' && sites.length === 0;

  useEffect(() => {
    void useSystemInfo.getState().load();
    if (useSites.getState().status === 'idle') void useSites.getState().load();
  }, []);

  useEffect(() => {
    if (isHub || installation === undefined || noSite) return;
    void useSync.getState().load();
    return watch();
  }, [isHub, installation, noSite, watch]);

  if (isHub) {
    return (
      <>
        <SettingsHeader title="Sync" />
        <p>
          This installation is the hub: sites send to it. Their state, enrolment codes and cross-site search are on the{' '}
          <Link to="/hub">Hub</Link> page.
        </p>
      </>
    );
  }

  if (noSite) {
    return (
      <>
        <SettingsHeader title="Sync" />
        <div className="message" data-testid="sync-no-site">
          <p>
            No site yet: sync sends a site&apos;s records to its hub. <Link to="/settings/sites">Create a site</Link>{' '}
            first, then enrol it here with a code from the hub.
          </p>
        </div>
      </>
    );
  }

  const siteName = sites.find((s) => s.id === sync?.siteId)?.name ?? 'this site';
  const enrolled = sync !== null && sync.state !== 'not-enrolled';
  const showForm =
    can(role, 'sync.enrol') && (sync === null || ['not-enrolled', 'pending', 'refused'].includes(sync.state));

  return (
    <>
      <SettingsHeader title="Sync" />
      <p className="muted">
        What this site recorded goes to its hub, and what the hub&apos;s admin changed comes back. Without a network,
        everything waits here and goes at the next connection.
      </p>
      {sites.length > 1 && (
        <SitePicker
          sites={sites}
          value={siteId ?? sync?.siteId ?? sites[0]?.id ?? ''}
          onChange={(id) => void useSync.getState().select(id)}
        />
      )}
      <LoadState
        status={installation === undefined && status === 'idle' ? 'loading' : status}
        error={error}
        loading="Loading sync state…"
        isEmpty={sync === null}
        empty={<p>No sync state yet.</p>}
        onRetry={() => void load()}
      >
        {sync && !enrolled && <p data-testid="sync-state">{siteName} is not enrolled with a hub.</p>}
        {sync && enrolled && <SyncStatusPanel sync={sync} maySyncNow={can(role, 'sync.now')} />}
        {sync && showForm && (
          <EnrolForm
            key={sync.siteId}
            siteId={siteId ?? sync.siteId}
            siteName={siteName}
            again={sync.state === 'refused'}
          />
        )}
        {sync && !can(role, 'sync.enrol') && !enrolled && <p>An admin enrols this site with a code from the hub.</p>}
        {enrolled && can(role, 'sync.conflicts') && (
          <section aria-labelledby="conflicts-heading">
            <h2 id="conflicts-heading">Conflicts</h2>
            {conflicts.length === 0 ? (
              <p>None: nothing was changed differently here and on the hub.</p>
            ) : (
              <>
                <p>
                  {conflicts.length === 1 ? 'One document was' : `${conflicts.length} documents were`} changed here and
                  on the hub differently. Each side keeps its own version until you choose; the choice then goes to the
                  hub.
                </p>
                {conflicts.map((c) => (
                  <ConflictCard key={c.id} conflict={c} mayResolve={can(role, 'sync.resolveConflict')} />
                ))}
              </>
            )}
          </section>
        )}
      </LoadState>
    </>
  );
}
