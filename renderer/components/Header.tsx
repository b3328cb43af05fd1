import { useSession } from '../state/app-state.js';
import { ThemeToggle } from './ThemeToggle.js';

export function Header() {
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  return (
    <header className="app-header">
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
