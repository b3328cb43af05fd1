import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AlertRulesSection } from '../components/AlertRulesSection.js';
import { AlertsSection } from '../components/AlertsSection.js';
import { GroupsSection } from '../components/GroupsSection.js';
import { PageTitle } from '../components/PageTitle.js';
import { useSites } from '../state/app-state.js';

/** A ULID as the API writes ids; anything else in a shared link shows every site. */
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Alerts, error groups and alert rules; `?site=` narrows alerts and groups to one site (the hub's
 * drill-down into a site links here with the hub's id of that site).
 */
export function DashboardPage() {
  const [params] = useSearchParams();
  const raw = params.get('site') ?? '';
  const siteId = ID.test(raw) ? raw : null;
  const siteName = useSites((s) => s.sites.find((site) => site.id === siteId)?.name);

  useEffect(() => {
    if (siteId && useSites.getState().status === 'idle') void useSites.getState().load();
  }, [siteId]);

  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      {siteId && (
        <p className="message" data-testid="dashboard-site">
          Alerts and groups of {siteName ?? 'one site'} only. <Link to="/dashboard">Show every site</Link>
        </p>
      )}
      <AlertsSection siteId={siteId} />
      <GroupsSection siteId={siteId} />
      <AlertRulesSection />
    </>
  );
}
