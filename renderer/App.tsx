import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import { LoginPage } from './pages/LoginPage.js';
import { isPublicPath } from './public-paths.js';
import { router } from './router.js';
import { useSession } from './state/app-state.js';

/**
 * Signed out, every address shows the login page; once signed in, the same address shows its page,
 * so a bookmark or an expired session returns the user to where they were. Public addresses (wall
 * boards) show their page either way.
 */
export function App() {
  const status = useSession((s) => s.status);

  useEffect(() => {
    void useSession.getState().restore();
  }, []);

  // A wall board needs no session: it reads only the public endpoints of a published map.
  if (isPublicPath(globalThis.location.pathname)) return <RouterProvider router={router} />;
  if (status === 'restoring') {
    return (
      <p role="status" className="splash">
        Checking your session…
      </p>
    );
  }
  if (status === 'signed-out') return <LoginPage />;
  return <RouterProvider router={router} />;
}
