import { Link } from 'react-router';
import { mayManageTenants } from '../api/access.js';
import { EmbedderStatus } from '../components/EmbedderStatus.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { useSession } from '../state/app-state.js';

export function SettingsPage() {
  const installationAdmin = useSession((s) => mayManageTenants(s.user));
  return (
    <>
      <SettingsHeader title="Settings" />
      <p>
        <Link to="/settings/sites">Sites</Link>: the places this installation looks after, with their time zones and
        addresses.
      </p>
      <p>
        <Link to="/settings/sources">Sources</Link>: where events come from (webhooks, MQTT, drop folders, log files,
        syslog, PostgreSQL tables), with their health.
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
      {installationAdmin && (
        <p>
          <Link to="/settings/tenants">Tenants</Link>: the organisations sharing this installation, each with its own
          users and data (installation admins only).
        </p>
      )}
      <h2>Models</h2>
      <EmbedderStatus />
      <p className="muted">Devices, users and models join this list as their capabilities arrive.</p>
    </>
  );
}
