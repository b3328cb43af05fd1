import { NavLink } from 'react-router';

const LINKS = [
  { to: '/', label: 'Home' },
  { to: '/map', label: 'Map' },
  { to: '/events', label: 'Events' },
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/settings', label: 'Settings' },
] as const;

export const PRIMARY_NAV_ID = 'primary-nav';

/**
 * NavLink sets aria-current="page" on the active link; Settings stays current on its sub-pages.
 * `hidden` when the user collapsed it (the header's Navigation button): the landmark stays, empty
 * of tab stops, so the button's aria-controls still points at it.
 */
export function PrimaryNav({ hidden = false }: { hidden?: boolean }) {
  return (
    <nav aria-label="Primary" id={PRIMARY_NAV_ID} className="primary-nav" hidden={hidden}>
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
