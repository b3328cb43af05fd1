import { Link } from 'react-router';
import type { HubSite } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api, useHub } from '../../state/app-state.js';
import { useConfirm } from '../ConfirmDialog.js';
import { shortOffset } from '../sync/sync-format.js';
import { formatAgo, formatCount, formatTime } from '../time-format.js';

const REACHABILITY: Record<HubSite['reachability'], string> = {
  ok: 'Reachable',
  late: 'Late',
  never: 'Never heard from',
  revoked: 'Revoked',
};

const TUNNEL: Record<HubSite['tunnel']['state'], string> = {
  up: 'Up',
  stale: 'Stale',
  down: 'Down',
  none: 'None',
};

const counted = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Every site of the tenant as the hub sees it, with links into the ordinary pages filtered by the
 * site (the hub keeps each site's events under the hub's id of that site).
 */
export function HubSitesTable({
  sites,
  now,
  mayRevoke,
  onDone,
}: {
  sites: readonly HubSite[];
  now: number;
  mayRevoke: boolean;
  onDone: (message: string | null, error: string | null) => void;
}) {
  const { confirm, dialog } = useConfirm();

  async function revoke(site: HubSite) {
    const yes = await confirm({
      title: `Revoke ${site.name}?`,
      body: `${site.name} can no longer send to this hub or receive from it: its next exchange is refused and it stops trying. What it already sent stays here. To bring it back, make a new enrolment code and enter it on the site.`,
      confirmLabel: `Revoke ${site.name}`,
    });
    if (!yes) return;
    try {
      await api.call('hub.revokeSite', { siteId: site.siteId });
      onDone(`${site.name} is revoked.`, null);
    } catch (err) {
      onDone(null, describeError(err));
    } finally {
      void useHub.getState().refresh();
    }
  }

  return (
    <>
      <div className="table-wrap">
        <table className="table hub-sites">
          <caption className="visually-hidden">Sites sending to this hub</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">State</th>
              <th scope="col">Last sync</th>
              <th scope="col">Waiting</th>
              <th scope="col">Clock</th>
              {mayRevoke && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.siteId}>
                <th scope="row">
                  {site.name}
                  <ul className="hub-drill" aria-label={`${site.name}: open`}>
                    <li>
                      <Link to={`/events?site=${site.siteId}`} aria-label={`Events of ${site.name}`}>
                        Events
                      </Link>
                    </li>
                    <li>
                      <Link to={`/dashboard?site=${site.siteId}`} aria-label={`Dashboard of ${site.name}`}>
                        Dashboard
                      </Link>
                    </li>
                    <li>
                      <Link to={`/map?site=${site.siteId}`} aria-label={`Map of ${site.name}`}>
                        Map
                      </Link>
                    </li>
                  </ul>
                </th>
                <td>
                  {REACHABILITY[site.reachability]}
                  <br />
                  <span className="muted">Tunnel: {TUNNEL[site.tunnel.state]}</span>
                  {site.upgrade && <p className="field-hint">{site.upgrade}</p>}
                </td>
                <td>
                  {site.lastSyncAt === null ? (
                    <span className="muted">Never</span>
                  ) : (
                    <>
                      {formatTime(site.lastSyncAt, now)}
                      <span className="muted"> ({formatAgo(site.lastSyncAt, now)})</span>
                    </>
                  )}
                </td>
                <td>
                  {counted(site.outboxLag, 'record', 'records')}
                  <br />
                  {counted(site.openAlerts, 'open alert', 'open alerts')}
                  <br />
                  {counted(site.conflicts, 'conflict', 'conflicts')}
                </td>
                <td className={site.skewed ? 'sync-skewed' : undefined}>
                  {site.skewed && <strong>Skewed: </strong>}
                  {shortOffset(site.clockOffsetMs)}
                </td>
                {mayRevoke && (
                  <td>
                    {site.revokedAt === null ? (
                      <button
                        type="button"
                        className="button button-danger"
                        aria-label={`Revoke ${site.name}`}
                        onClick={() => void revoke(site)}
                      >
                        Revoke
                      </button>
                    ) : (
                      <span className="muted">Revoked {formatTime(site.revokedAt, now)}</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog}
    </>
  );
}
