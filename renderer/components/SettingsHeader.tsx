import { NavLink } from 'react-router';
import { PageTitle } from './PageTitle.js';

const SECTIONS = [
  { to: '/settings/sites', label: 'Sites' },
  { to: '/settings/sources', label: 'Sources' },
  { to: '/settings/tunnels', label: 'Tunnels' },
  { to: '/settings/storage', label: 'Storage' },
] as const;

/** The heading of a settings page, with the settings sections beneath it. */
export function SettingsHeader({ title }: { title: string }) {
  const inSection = title !== 'Settings';
  return (
    <>
      {inSection && <p className="eyebrow">Settings</p>}
      <PageTitle documentTitle={inSection ? `${title} · Settings` : title}>{title}</PageTitle>
      <nav aria-label="Settings" className="subnav">
        <ul className="nav-list">
          {SECTIONS.map(({ to, label }) => (
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
