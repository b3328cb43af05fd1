import { NavLink } from 'react-router';

const LINKS = [
  { to: '/', label: 'Home' },
  { to: '/map', label: 'Map' },
  { to: '/events', label: 'Events' },
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/settings', label: 'Settings' },
] as const;

/** NavLink sets aria-current="page" on the active link; Settings stays current on its sub-pages. */
export function PrimaryNav() {
  return (
    <nav aria-label="Primary" className="primary-nav">
      <ul className="nav-list">
        {LINKS.map(({ to, label }) => (
          <li key={to}>
            <NavLink to={to} end={to === '/'} className="nav-link">
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
