import { useRouteError } from 'react-router';

/** A page that threw while rendering: say so and offer the one fix that always exists. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : null;
  return (
    <main className="main">
      <h1>Something went wrong</h1>
      <p>This page failed to show. Reloading usually helps; if it keeps happening, the browser console has details.</p>
      {detail && <p className="muted">{detail}</p>}
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </main>
  );
}
