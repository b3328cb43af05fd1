import { Suspense, useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Site } from '../../main/contract/index.js';
import { lazyComponent } from '../chunk-load.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { hasMap, siteFromParam, tabFromParam, tabsFor, type MapTab } from '../components/site-map/map-tabs.js';
import { MapTabs } from '../components/site-map/MapTabs.js';
import { MapViewer } from '../components/site-map/MapViewer.js';
import { SitePicker } from '../components/site-map/SitePicker.js';
import { useSession, useSiteMap, useSites } from '../state/app-state.js';

// The viewer is what most visits show; the other tabs are for fewer people and load when opened.
const TAB_CODE = {
  edit: () => import('../components/site-map/editor/MapEditor.js'),
  releases: () => import('../components/site-map/releases/ReleasesPanel.js'),
  status: () => import('../components/site-map/status-settings/StatusSettingsPanel.js'),
} satisfies Partial<Record<MapTab, () => Promise<unknown>>>;
const MapEditor = lazyComponent(() => TAB_CODE.edit().then((m) => m.MapEditor));
const ReleasesPanel = lazyComponent(() => TAB_CODE.releases().then((m) => m.ReleasesPanel));
const StatusSettingsPanel = lazyComponent(() => TAB_CODE.status().then((m) => m.StatusSettingsPanel));

/** Pointing at or focusing a tab starts loading its code, as links do (link-prefetch.ts). */
function prefetchTabCode(event: Event) {
  const tab = (event.target as Element | null)?.closest?.('[role="tab"][id^="map-tab-"]')?.id.slice('map-tab-'.length);
  if (tab && tab in TAB_CODE) void TAB_CODE[tab as keyof typeof TAB_CODE]().catch(() => {});
}

const TAB_LOADING = (
  <p role="status" className="muted">
    Loading…
  </p>
);

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

  useEffect(() => {
    for (const type of ['mouseover', 'focusin']) document.addEventListener(type, prefetchTabCode, { passive: true });
    return () => {
      for (const type of ['mouseover', 'focusin']) document.removeEventListener(type, prefetchTabCode);
    };
  }, []);

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
      <Suspense fallback={TAB_LOADING}>
        {tab === 'edit' && <MapEditor siteId={site.id} />}
        {tab === 'releases' && <ReleasesPanel siteId={site.id} slug={site.slug} />}
        {tab === 'status' && <StatusSettingsPanel siteId={site.id} />}
      </Suspense>
    </MapTabs>
  );
}
