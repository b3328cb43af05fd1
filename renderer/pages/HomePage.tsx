import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Home } from '../../main/contract/index.js';
import { can } from '../api/access.js';
import { HomeSections } from '../components/home/HomeSections.js';
import { mapOf } from '../components/home/home-links.js';
import { SampleSitePanel } from '../components/home/SampleSitePanel.js';
import { PageTitle } from '../components/PageTitle.js';
import { formatDateTime } from '../components/time-format.js';
import { useNow } from '../components/use-now.js';
import { api, useHome, useSession } from '../state/app-state.js';

/** Per site: what is wrong there, for the sites table. */
function siteProblems(home: Home) {
  return home.sites
    .map((site) => {
      const alerts = home.alerts.items.filter((a) => a.siteId === site.id && a.state === 'open').length;
      const offline = home.offline.items.filter((d) => d.siteId === site.id).length;
      const sources = home.sources.failing.filter((s) => s.siteId === site.id).length;
      const spiking = home.groups.spiking.filter((g) => g.siteId === site.id).length;
      return { site, alerts, offline, sources, spiking };
    })
    .filter((p) => p.site.statusError || p.alerts + p.offline + p.sources + p.spiking > 0);
}

/** The landing page: what needs the user's attention now, and what is new since their last visit. */
export function HomePage() {
  const user = useSession((s) => s.user);
  const { status, home, error, load } = useHome();
  const now = useNow(30_000);

  useEffect(() => {
    // Recorded after the Home is read, so this visit still shows what is new since the last one.
    void load().then(() => api.call('home.markVisited', {}).catch(() => undefined));
  }, [load]);

  const problems = home ? siteProblems(home) : [];
  return (
    <>
      <PageTitle>Home</PageTitle>
      {user && (
        <p>
          Welcome, <strong>{user.name || user.email}</strong>.{' '}
          {home?.since ? `“New” marks what happened since your last visit (${formatDateTime(home.since)}).` : ''}
        </p>
      )}
      {(status === 'idle' || status === 'loading') && (
        <p role="status" className="muted">
          Loading what needs your attention…
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
      {home && (
        <>
          <SampleSitePanel home={home} mayManage={can(user?.role, 'sample.load')} />
          <section aria-labelledby="home-sites" className="panel home-section">
            <h2 id="home-sites">Sites with problems</h2>
            {home.sites.length === 0 && <p>No sites yet.</p>}
            {home.sites.length > 0 && problems.length === 0 && (
              <p>
                {home.sites.length === 1 ? 'The one site looks fine' : `All ${home.sites.length} sites look fine`}:
                nothing needs your attention.
              </p>
            )}
            {problems.length > 0 && (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Sites with problems</caption>
                  <thead>
                    <tr>
                      <th scope="col">Site</th>
                      <th scope="col">Open alerts</th>
                      <th scope="col">Offline</th>
                      <th scope="col">Spiking groups</th>
                      <th scope="col">Failing sources</th>
                    </tr>
                  </thead>
                  <tbody>
                    {problems.map((p) => (
                      <tr key={p.site.id}>
                        <th scope="row">
                          <Link to={mapOf(p.site.id)}>{p.site.name}</Link>
                          {p.site.sample && <span className="badge-sample"> Sample</span>}
                          {p.site.statusError && <span className="field-error"> {p.site.statusError}</span>}
                        </th>
                        <td>{p.alerts}</td>
                        <td>{p.offline}</td>
                        <td>{p.spiking}</td>
                        <td>{p.sources}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <HomeSections home={home} now={now} />
        </>
      )}
    </>
  );
}
