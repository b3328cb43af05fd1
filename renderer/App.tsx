import { Suspense, useEffect, useState } from 'react';
import { lazyComponent } from './chunk-load.js';
import { AppErrorBoundary } from './components/AppError.js';
import { LoginPage } from './pages/LoginPage.js';
import { wallBoardAddress } from './public-paths.js';
import { useSession } from './state/app-state.js';

// The sign-in page is all this entry renders itself. The router and every page, and the wall
// board, are chunks of their own: a signed-out visitor or a board downloads only what it shows.
const loadRouter = () => import('./router.js');
const AppRouter = lazyComponent(() => loadRouter().then((m) => m.AppRouter));
const WallBoardPage = lazyComponent(() => import('./pages/WallBoardPage.js').then((m) => m.WallBoardPage));

function Splash({ text }: { text: string }) {
  return (
    <p role="status" className="splash">
      {text}
    </p>
  );
}

/**
 * Signed out, every address shows the login page; once signed in, the same address shows its page,
 * so a bookmark or an expired session returns the user to where they were. Public addresses (wall
 * boards) show their page either way, without the router and without asking for a session.
 */
export function App() {
  const status = useSession((s) => s.status);
  const [board] = useState(() => wallBoardAddress(globalThis.location.pathname, globalThis.location.search));

  useEffect(() => {
    if (board) return;
    // A saved token usually means the user is still signed in: fetch the app while auth.me answers.
    if (useSession.getState().token) void loadRouter().catch(() => {});
    void useSession.getState().restore();
  }, [board]);

  // Typing into the sign-in form: fetch the app meanwhile, so it shows as soon as the password is accepted.
  useEffect(() => {
    if (board || status !== 'signed-out') return;
    const prefetch = () => void loadRouter().catch(() => {});
    document.addEventListener('input', prefetch, { once: true });
    return () => document.removeEventListener('input', prefetch);
  }, [board, status]);

  let content;
  if (board) content = <WallBoardPage slug={board.slug} env={board.env} />;
  else if (status === 'restoring') content = <Splash text="Checking your session…" />;
  else if (status === 'signed-out') content = <LoginPage />;
  else content = <AppRouter />;
  return (
    <AppErrorBoundary>
      <Suspense fallback={<Splash text="Loading…" />}>{content}</Suspense>
    </AppErrorBoundary>
  );
}
