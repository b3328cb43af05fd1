import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Site } from '../../main/contract/index.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { MapEditor } from '../components/site-map/editor/MapEditor.js';
import { hasMap, siteFromParam, tabFromParam, tabsFor, type MapTab } from '../components/site-map/map-tabs.js';
import { MapTabs } from '../components/site-map/MapTabs.js';
import { MapViewer } from '../components/site-map/MapViewer.js';
import { ReleasesPanel } from '../components/site-map/releases/ReleasesPanel.js';
import { SitePicker } from '../components/site-map/SitePicker.js';
import { StatusSettingsPanel } from '../components/site-map/status-settings/StatusSettingsPanel.js';
import { useSession, useSiteMap, useSites } from '../state/app-state.js';

/** The Map page: pick a site, then view its live map, edit it, publish it, or set where its statuses come from. */
export function MapPage() {
  const role = useSession((s) => s.user?.role);
  const { status, sites, error, load, watch } = useSites();
  const [params, setParams] = useSearchParams();
  const site = siteFromParam(params.get('site'), sites);
  const tabs = tabsFor(role);
  const tab = tabFromParam(params.get('tab'), tabs);

  useEffect(() => {
    if (useSites.getState().status === 'idle') void useSites.getState().load();
    return watch();
  }, [watch]);

  // The address always names the site shown, so a reload or a shared link opens the same map.
  useEffect(() => {
    if (site && params.get('site') !== site.id) {
      setParams(
        (p) => {
          p.set('site', site.id);
          return p;
        },
        { replace: true },
      );
    }
  }, [site, params, setParams]);

  function go(changes: { site?: string; tab?: MapTab }) {
    setParams((p) => {
      if (changes.site !== undefined) p.set('site', changes.site);
      if (changes.tab !== undefined) {
        if (changes.tab === 'view') p.delete('tab');
        else p.set('tab', changes.tab);
      }
      return p;
    });
  }

  return (
    <>
      <PageTitle>Map</PageTitle>
      <LoadState
        status={status}
        error={error}
        loading="Loading sites…"
        isEmpty={sites.length === 0}
        empty={
          <p>
            No sites yet. A map belongs to a site: <Link to="/settings/sites">add a site</Link> first.
          </p>
        }
        onRetry={() => void load()}
      >
        {site && (
          <>
            <SitePicker sites={sites} value={site.id} onChange={(siteId) => go({ site: siteId })} />
            <SiteMapTabs key={site.id} site={site} tabs={tabs} tab={tab} onTab={(t) => go({ tab: t })} />
          </>
        )}
      </LoadState>
    </>
  );
}

function SiteMapTabs({
  site,
  tabs,
  tab,
  onTab,
}: {
  site: Site;
  tabs: MapTab[];
  tab: MapTab;
  onTab: (tab: MapTab) => void;
}) {
  const draft = useSiteMap((s) => (s.draft?.siteId === site.id ? s.draft : null));

  const mayEdit = tabs.includes('edit');
  const empty = draft !== null && !hasMap(draft);
  // Every tab needs the site's draft. The viewer loads it and follows changes itself while shown;
  // otherwise (other tabs, or the empty state instead of the viewer) the page does.
  const viewerShown = tab === 'view' && !empty;
  useEffect(() => {
    if (viewerShown) return;
    if (useSiteMap.getState().siteId !== site.id) void useSiteMap.getState().load(site.id);
    return useSiteMap.getState().watch();
  }, [site.id, viewerShown]);
  return (
    <MapTabs tabs={tabs} current={tab} onSelect={onTab}>
      {tab === 'view' &&
        (empty ? (
          <div className="message map-empty-state">
            <p>{site.name} has no map yet.</p>
            {mayEdit ? (
              <button type="button" className="button" onClick={() => onTab('edit')}>
                Create it in Edit
              </button>
            ) : (
              <p className="muted">A technician or an admin can create it.</p>
            )}
          </div>
        ) : (
          <MapViewer siteId={site.id} />
        ))}
      {tab === 'edit' && <MapEditor siteId={site.id} />}
      {tab === 'releases' && <ReleasesPanel siteId={site.id} slug={site.slug} />}
      {tab === 'status' && <StatusSettingsPanel siteId={site.id} />}
    </MapTabs>
  );
}
