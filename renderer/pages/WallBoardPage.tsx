import { useEffect, useMemo, useState } from 'react';
import type { LegendEntry, ReleaseEnv } from '../../main/contract/index.js';
import { createPublicMapClient } from '../api/public-map.js';
import { describeFreshness } from '../components/site-map/freshness.js';
import { MapCanvas } from '../components/site-map/MapCanvas.js';
import { StatusLegend } from '../components/site-map/StatusLegend.js';
import { countByStatus } from '../state/site-map-status.js';
import { createWallBoardStore } from '../state/wall-board.js';
import { useNow } from '../components/use-now.js';

const client = createPublicMapClient();
const useWallBoard = createWallBoardStore(() => client);

/** Until the first status answer brings the release's legend, every overlay is drawn as unknown. */
const UNKNOWN_ONLY: LegendEntry[] = [{ status: 'unknown', label: 'Unknown', color: '#9e9e9e', text: '#000000' }];

/**
 * The public wall board (`/wall/{slug}?env=staging`): the published release of a site, full
 * screen, coloured by its public status, without signing in. It reads the public endpoints of
 * the HTTP server (`outpost serve`, or the desktop app with `desktop.httpServer` on), so it is for
 * browsers (a control-room screen, a kiosk), not for the desktop window. It takes its address as props rather than from the router, so a
 * board loads without the router's code (see App).
 */
export function WallBoardPage({ slug, env }: { slug: string; env: ReleaseEnv }) {
  const desktop = Boolean(globalThis.window?.outpost);

  useEffect(() => {
    if (desktop || !slug) return;
    return useWallBoard.getState().start(slug, env);
  }, [slug, env, desktop]);

  if (desktop) {
    return (
      <main className="wall-board-message message">
        <h1>Wall board</h1>
        <p>
          Wall boards are for browsers: open <span className="mono">/wall/{slug}</span> on the address of an{' '}
          <span className="mono">outpost serve</span> hub, or of this computer once its HTTP server is on (
          <span className="mono">desktop.httpServer</span> in <span className="mono">config.json</span> in the data
          folder).
        </p>
      </main>
    );
  }
  return <WallBoard slug={slug} env={env} />;
}

function WallBoard({ slug, env }: { slug: string; env: ReleaseEnv }) {
  const phase = useWallBoard((s) => s.phase);
  const manifest = useWallBoard((s) => s.manifest);
  const basemapUrl = useWallBoard((s) => s.basemapUrl);
  const overlaySvg = useWallBoard((s) => s.overlaySvg);
  const status = useWallBoard((s) => s.status);
  const byOverlay = useWallBoard((s) => s.statusByOverlay);
  const error = useWallBoard((s) => s.error);
  const [visible, setVisible] = useState<ReadonlySet<string> | null>(null);

  const overlays = useMemo(() => manifest?.overlays ?? [], [manifest]);
  const counts = useMemo(() => countByStatus(overlays, byOverlay), [overlays, byOverlay]);
  const legend = status?.legend.length ? status.legend : UNKNOWN_ONLY;

  useEffect(() => {
    document.title = manifest ? `${manifest.site.name} — wall board` : 'Wall board — Outpost';
  }, [manifest]);

  if (!manifest) {
    return (
      <main key="message" className="wall-board-message">
        <h1>Wall board</h1>
        {phase === 'not-published' ? (
          <div role="alert" className="message message-error">
            <p>
              Nothing is published for <span className="mono">{slug}</span>
              {env === 'staging' ? ' in staging' : ''}. Publish a release of the site map from the Map page, then this
              board shows it within a minute.
            </p>
          </div>
        ) : phase === 'error' ? (
          <div role="alert" className="message message-error">
            <p>The board could not load: {error}</p>
            <p>It tries again every minute.</p>
          </div>
        ) : (
          <p role="status" className="muted">
            Loading the map…
          </p>
        )}
      </main>
    );
  }

  return (
    // Its own element, not the message restyled: React would otherwise keep the message's node and the
    // browser count its growth into the full-screen board as a layout shift.
    <main key="board" className="wall-board">
      <header className="wall-board-head">
        <h1>{manifest.site.name}</h1>
        <span>Release {manifest.version}</span>
        {env === 'staging' && <span className="env-badge">Staging</span>}
        <BoardFreshness />
      </header>
      {error && (
        <p role="alert" className="wall-board-stale">
          {error} Showing the last release received.
        </p>
      )}
      <StatusLegend legend={legend} counts={counts} visible={visible} onChange={setVisible} />
      <MapCanvas
        label={`Map of ${manifest.site.name}, ${overlays.length} overlays`}
        basemapUrl={basemapUrl}
        overlaySvg={overlaySvg}
        overlays={overlays}
        statusByOverlay={byOverlay}
        legend={legend}
        visibleStatuses={visible}
        showLabels
      />
    </main>
  );
}

/** Ages on the server's clock (`ageMs`) plus the time since the answer arrived: a board's own clock may be off. */
function BoardFreshness() {
  const status = useWallBoard((s) => s.status);
  const receivedAt = useWallBoard((s) => s.statusReceivedAt);
  const statusError = useWallBoard((s) => s.statusError);
  const now = useNow(1000);
  const line = describeFreshness(
    status && {
      ageMs: status.updatedAt === null ? null : status.ageMs + Math.max(0, now - (receivedAt ?? now)),
      stale: status.stale,
      error: status.error,
    },
    statusError,
  );
  const unreachable = status !== null && statusError !== null;
  return (
    <p className={line.tone === 'live' && !unreachable ? 'map-status-line' : 'map-status-line wall-board-stale'}>
      {line.text}
      {unreachable && ` · last poll failed: ${statusError}`}
    </p>
  );
}
