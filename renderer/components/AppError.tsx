import { Component, useEffect, type ReactNode } from 'react';
import { ChunkLoadError, reloadDecision } from '../chunk-load.js';

/** Long enough to read the message before the page goes. */
const RELOAD_DELAY_MS = 1200;

function reload() {
  globalThis.location.reload();
}

/** A missing code chunk: reload once to fetch the new build, or say what to do when that already failed. */
function ChunkFailure({ error }: { error: ChunkLoadError }) {
  const reloading = reloadDecision(error);
  useEffect(() => {
    if (!reloading) return;
    const timer = setTimeout(reload, RELOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [reloading]);

  if (reloading) {
    return (
      <main className="main">
        <h1>Outpost was updated</h1>
        <p role="status">Loading the new version…</p>
      </main>
    );
  }
  return (
    <main className="main">
      <h1>This page could not be loaded</h1>
      <p role="alert">
        A part of Outpost did not arrive, even after reloading. Check the connection to the Outpost server, then reload.
      </p>
      <button type="button" className="button" onClick={reload}>
        Reload
      </button>
    </main>
  );
}

/** What a page that threw shows: the chunk case above, or the one fix that always exists. */
export function AppError({ error }: { error: unknown }) {
  if (error instanceof ChunkLoadError) return <ChunkFailure error={error} />;
  const detail = error instanceof Error ? error.message : null;
  return (
    <main className="main">
      <h1>Something went wrong</h1>
      <p>This page failed to show. Reloading usually helps; if it keeps happening, the browser console has details.</p>
      {detail && <p className="muted">{detail}</p>}
      <button type="button" className="button" onClick={reload}>
        Reload
      </button>
    </main>
  );
}

/**
 * Catches what the router does not: the router's own chunk, and the wall board, which runs without
 * it. (React only offers error boundaries as class components.)
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    return this.state.error ? <AppError error={this.state.error} /> : this.props.children;
  }
}
