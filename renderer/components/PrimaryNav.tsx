import { useEffect } from 'react';
import { NavLink } from 'react-router';
import { openAlertCount } from '../state/home.js';
import { useHome, useSystemInfo } from '../state/app-state.js';

const LINKS = [
  { to: '/', label: 'Home' },
  { to: '/hub', label: 'Hub', hubOnly: true },
  { to: '/map', label: 'Map' },
  { to: '/events', label: 'Events' },
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/settings', label: 'Settings' },
] as const;

export const PRIMARY_NAV_ID = 'primary-nav';

/**
 * NavLink sets aria-current="page" on the active link; Settings stays current on its sub-pages.
 * Hub is listed only on the hub (system.info's role). Home carries the count of open alerts, kept current by the Home cache's live announcements.
 * `hidden` when the user collapsed it (the header's Navigation button): the landmark stays, empty
 * of tab stops, so the button's aria-controls still points at it.
 */
export function PrimaryNav({ hidden = false }: { hidden?: boolean }) {
  const open = useHome((s) => openAlertCount(s.home));
  const isHub = useSystemInfo((s) => s.info?.role === 'hub');
  const links = LINKS.filter((link) => !('hubOnly' in link) || isHub);

  useEffect(() => {
    const stop = useHome.getState().watch();
    if (useHome.getState().status === 'idle') void useHome.getState().load();
    void useSystemInfo.getState().load();
    return stop;
  }, []);

  return (
    <nav aria-label="Primary" id={PRIMARY_NAV_ID} className="primary-nav" hidden={hidden}>
      <ul className="nav-list">
        {links.map(({ to, label }) => (
          <li key={to}>
            <NavLink to={to} end={to === '/'} className="nav-link">
              {label}
              {to === '/' && open > 0 && (
                <span className="nav-count" data-testid="open-alert-count">
                  {' '}
                  <span className="nav-count-badge">{open}</span>
                  <span className="visually-hidden"> open alert{open === 1 ? '' : 's'}</span>
                </span>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
