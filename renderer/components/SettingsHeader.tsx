import { NavLink } from 'react-router';
import { can, mayManageTenants } from '../api/access.js';
import { useSession } from '../state/app-state.js';
import { PageTitle } from './PageTitle.js';

const SECTIONS = [
  { to: '/settings/sites', label: 'Sites' },
  { to: '/settings/sources', label: 'Sources' },
  { to: '/settings/tunnels', label: 'Tunnels' },
  { to: '/settings/sync', label: 'Sync' },
  { to: '/settings/storage', label: 'Storage' },
  { to: '/settings/users', label: 'Users', adminOnly: true },
  { to: '/settings/tenants', label: 'Tenants', installationOnly: true },
] as const;

/** The heading of a settings page, with the settings sections beneath it. */
export function SettingsHeader({ title }: { title: string }) {
  const inSection = title !== 'Settings';
  const user = useSession((s) => s.user);
  const sections = SECTIONS.filter(
    (s) =>
      ('adminOnly' in s ? can(user?.role, 'users.list') : true) &&
      ('installationOnly' in s ? mayManageTenants(user) : true),
  );
  return (
    <>
      {inSection && <p className="eyebrow">Settings</p>}
      <PageTitle documentTitle={inSection ? `${title} · Settings` : title}>{title}</PageTitle>
      <nav aria-label="Settings" className="subnav">
        <ul className="nav-list">
          {sections.map(({ to, label }) => (
            <li key={to}>
              <NavLink to={to} className="nav-link">
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
