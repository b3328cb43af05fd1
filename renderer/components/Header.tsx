import { useLayout, useSession } from '../state/app-state.js';
import { PRIMARY_NAV_ID } from './PrimaryNav.js';
import { ThemeToggle } from './ThemeToggle.js';

export function Header() {
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const navCollapsed = useLayout((s) => s.navCollapsed);
  const toggleNav = useLayout((s) => s.toggleNav);
  return (
    <header className="app-header">
      {/* A disclosure button: a native button with aria-expanded needs no widget library. */}
      <button
        type="button"
        className="button button-secondary nav-toggle"
        aria-expanded={!navCollapsed}
        aria-controls={PRIMARY_NAV_ID}
        onClick={toggleNav}
        title={navCollapsed ? 'Show the navigation' : 'Hide the navigation'}
      >
        <span aria-hidden="true">☰</span> Navigation
      </button>
      <span className="product-name">Outpost</span>
      {user && (
        <p className="signed-in-as">
          Signed in as <strong>{user.name || user.email}</strong> ({user.role})
        </p>
      )}
      <ThemeToggle />
      <button type="button" className="button button-secondary" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}
