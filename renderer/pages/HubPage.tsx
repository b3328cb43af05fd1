import { useEffect, useState } from 'react';
import { can } from '../api/access.js';
import { CrossSiteSearch } from '../components/hub/CrossSiteSearch.js';
import { EnrolmentsTable } from '../components/hub/EnrolmentsTable.js';
import { HubSitesTable } from '../components/hub/HubSitesTable.js';
import { NewEnrolmentForm } from '../components/hub/NewEnrolmentForm.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { useNow } from '../components/use-now.js';
import { useHub, useSession, useSystemInfo } from '../state/app-state.js';
import { ActionFeedback } from '../components/ActionFeedback.js';

/** The hub's view of its sites: their sync, enrolment codes, revocation, and search across them. */
export function HubPage() {
  const role = useSession((s) => s.user?.role);
  const installation = useSystemInfo((s) => s.info?.role);
  const { status, sites, enrolments, error, load, watch } = useHub();
  const now = useNow(10_000);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const isHub = installation === 'hub';
  const mayRead = can(role, 'hub.sites');

  useEffect(() => {
    void useSystemInfo.getState().load();
  }, []);

  useEffect(() => {
    if (!isHub || !mayRead) return;
    void useHub.getState().load();
    return watch();
  }, [isHub, mayRead, watch]);

  if (installation === 'site') {
    return (
      <>
        <PageTitle>Hub</PageTitle>
        <p>This installation is a site, not a hub. Its link to a hub is under Settings → Sync.</p>
      </>
    );
  }

  return (
    <>
      <PageTitle>Hub</PageTitle>
      <p className="muted">Every site that sends to this hub, with how far its sync has come.</p>
      {!mayRead ? (
        <p>The sites&apos; state is shown to operators, technicians and admins.</p>
      ) : (
        <section aria-labelledby="hub-sites-heading">
          <h2 id="hub-sites-heading">Sites</h2>
          <LoadState
            status={status}
            error={error}
            loading="Loading sites…"
            isEmpty={sites.length === 0}
            empty={<p>No site is enrolled yet. Make a code below and enter it on the site (Settings → Sync).</p>}
            onRetry={() => void load()}
          >
            <HubSitesTable
              sites={sites}
              now={now}
              mayRevoke={can(role, 'hub.revokeSite')}
              onDone={(text, err) => {
                setMessage(text);
                setActionError(err);
              }}
            />
          </LoadState>
          <ActionFeedback error={actionError} message={message} />
        </section>
      )}
      {can(role, 'sync.createEnrolment') && <NewEnrolmentForm />}
      {can(role, 'hub.enrolments') && enrolments.length > 0 && (
        <section aria-labelledby="codes-heading">
          <h2 id="codes-heading">Enrolment codes</h2>
          <EnrolmentsTable enrolments={enrolments} sites={sites} now={now} />
        </section>
      )}
      {can(role, 'hub.search') && <CrossSiteSearch now={now} />}
    </>
  );
}
