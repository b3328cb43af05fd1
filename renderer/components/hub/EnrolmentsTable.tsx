import type { HubSite } from '../../../main/contract/index.js';
import type { HubEnrolment } from '../../state/hub.js';
import { formatTime } from '../time-format.js';

/** Where a code stands: used (by which site), expired, or waiting until its expiry. */
export function enrolmentState(e: HubEnrolment, sites: readonly HubSite[], now: number): string {
  if (e.usedAt !== null) {
    const site = sites.find((s) => s.siteId === e.siteId);
    return `Used ${formatTime(e.usedAt, now)}${site ? ` by ${site.name}` : ''}`;
  }
  if (e.expiresAt <= now) return `Expired ${formatTime(e.expiresAt, now)}`;
  return `Waiting, until ${formatTime(e.expiresAt, now)}`;
}

/** The codes made on this hub, newest first; never the codes themselves (only their hashes are kept). */
export function EnrolmentsTable({
  enrolments,
  sites,
  now,
}: {
  enrolments: readonly HubEnrolment[];
  sites: readonly HubSite[];
  now: number;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Enrolment codes</caption>
        <thead>
          <tr>
            <th scope="col">For site</th>
            <th scope="col">Made</th>
            <th scope="col">By</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {[...enrolments]
            .sort((a, b) => b.createdAt - a.createdAt)
            .map((e) => (
              <tr key={e.id}>
                <th scope="row">{e.siteName}</th>
                <td>{formatTime(e.createdAt, now)}</td>
                <td>{e.createdBy}</td>
                <td>{enrolmentState(e, sites, now)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
