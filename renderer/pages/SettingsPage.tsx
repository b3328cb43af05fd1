import { Link } from 'react-router';
import { can, mayManageTenants } from '../api/access.js';
import { EmbedderStatus } from '../components/EmbedderStatus.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { useSession } from '../state/app-state.js';

export function SettingsPage() {
  const installationAdmin = useSession((s) => mayManageTenants(s.user));
  const role = useSession((s) => s.user?.role);
  return (
    <>
      <SettingsHeader title="Settings" />
      <p>
        <Link to="/settings/sites">Sites</Link>: the places this installation looks after, with their time zones and
        addresses.
      </p>
      <p>
        <Link to="/settings/sources">Sources</Link>: where events come from (webhooks, MQTT, drop folders, log files,
        syslog, PostgreSQL tables), with their health, and the devices seen and the site each one&apos;s events go to.
      </p>
      <p>
        <Link to="/settings/tunnels">Tunnels</Link>: WireGuard to the hub or to the sites, with their state, transfer
        and keys.
      </p>
      <p>
        <Link to="/settings/sync">Sync</Link>: this site&apos;s link to its hub (enrolment, what waits to be sent,
        conflicts to resolve).
      </p>
      <p>
        <Link to="/settings/storage">Storage</Link>: disk use by site and camera, retention rules, and the encrypted
        archive.
      </p>
      {can(role, 'users.list') && (
        <p>
          <Link to="/settings/users">Users</Link>: who may sign in to this organisation, their roles, invitations and
          password resets.
        </p>
      )}
      {installationAdmin && (
        <p>
          <Link to="/settings/tenants">Tenants</Link>: the organisations sharing this installation, each with its own
          users and data (installation admins only).
        </p>
      )}
      <h2>Models</h2>
      <EmbedderStatus />
    </>
  );
}
