import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Overlay, SiteStatus } from '../../../main/contract/index.js';
import { useSiteMap } from '../../state/app-state.js';
import { countByStatus, statusByOverlay } from '../../state/site-map-status.js';
import { useNow } from '../use-now.js';
import { statusItemId } from './binding-target.js';
import { EntityPanel } from './EntityPanel.js';
import { describeFreshness } from './freshness.js';
import { MapCanvas, type MapCanvasHandle } from './MapCanvas.js';
import { StatusLegend } from './StatusLegend.js';

const NO_OVERLAYS: readonly Overlay[] = [];

/**
 * The live map of one site (the Map page's "View" tab): the draft's base map and overlays coloured
 * by live status, a legend that filters, and a drill-down panel per overlay. Status arrives by the
 * `sitemap.status` push after one initial call; nothing here polls.
 */
export function MapViewer({ siteId }: { siteId: string }) {
  const draft = useSiteMap((s) => s.draft);
  const shownSite = useSiteMap((s) => s.siteId);
  const basemapUrl = useSiteMap((s) => s.basemapUrl);
  const overlaySvg = useSiteMap((s) => s.overlaySvg);
  const status = useSiteMap((s) => s.status);
  const statusByEntity = useSiteMap((s) => s.statusByEntity);
  const statusError = useSiteMap((s) => s.statusError);
  const loading = useSiteMap((s) => s.loading);
  const error = useSiteMap((s) => s.error);
  const assetError = useSiteMap((s) => s.assetError);
  const canvasRef = useRef<MapCanvasHandle>(null);
  const [visible, setVisible] = useState<ReadonlySet<string> | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  useEffect(() => {
    void useSiteMap.getState().load(siteId);
  }, [siteId]);
  useEffect(() => useSiteMap.getState().watch(), []);

  // Another site's draft may still be in the store for a moment after siteId changes.
  const current = shownSite === siteId && draft?.siteId === siteId ? draft : null;
  const overlays = current?.overlays ?? NO_OVERLAYS;
  const byOverlay = useMemo(() => statusByOverlay(overlays, statusByEntity), [overlays, statusByEntity]);
  const counts = useMemo(() => countByStatus(overlays, byOverlay), [overlays, byOverlay]);
  const open = openId === null ? undefined : overlays.find((o) => o.externalId === openId);
  const selected = useMemo(() => (open ? new Set([open.externalId]) : undefined), [open]);

  if (!current) {
    if (error) {
      return (
        <div role="alert" className="message message-error">
          <p>The map could not be loaded: {error}</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void useSiteMap.getState().load(siteId)}
          >
            Try again
          </button>
        </div>
      );
    }
    return (
      <p role="status" className="muted">
        Loading the map…
      </p>
    );
  }

  const legend = current.legend;
  const itemId = open ? statusItemId(open) : null;
  const raw = itemId === null ? null : (status?.items.find((i) => i.id === itemId)?.raw ?? null);

  function closePanel() {
    setOpenId(null);
    // Back to the map, where the click that opened the panel came from.
    canvasRef.current?.focus();
  }

  return (
    <div className="map-viewer">
      <div className="map-viewer-bar">
        <StatusLegend legend={legend} counts={counts} visible={visible} onChange={setVisible} />
        <LiveStatusLine status={status} statusError={statusError} updating={loading} />
      </div>
      {error && (
        <div role="alert" className="message message-error">
          <p>The map could not be refreshed; it shows the last version that loaded. {error}</p>
        </div>
      )}
      {assetError && (
        <div role="alert" className="message message-error">
          <p>{assetError}</p>
        </div>
      )}
      {!current.basemap && !current.overlayLayer && (
        <p className="message">This site has no map yet: upload a base map and an overlay layer in the editor.</p>
      )}
      <OverlayFinder
        overlays={overlays}
        onFind={(overlay) => {
          setOpenId(overlay.externalId);
          if (overlay.shapeId !== null) canvasRef.current?.showShape(overlay.shapeId);
        }}
      />
      <div className="map-viewer-body">
        <MapCanvas
          ref={canvasRef}
          label={`Live map of the site, ${overlays.length} overlays`}
          basemapUrl={basemapUrl}
          overlaySvg={overlaySvg}
          overlays={overlays}
          statusByOverlay={byOverlay}
          legend={legend}
          visibleStatuses={visible}
          selected={selected}
          onShapeClick={(_shapeId, overlay) => {
            if (overlay) setOpenId(overlay.externalId);
          }}
        />
        {open && (
          <EntityPanel
            key={open.externalId}
            siteId={siteId}
            overlay={open}
            status={byOverlay.get(open.externalId) ?? 'unknown'}
            raw={raw}
            legend={legend}
            onClose={closePanel}
          />
        )}
      </div>
    </div>
  );
}

/** Its own component: it re-renders every second for "updated 12 s ago", the map does not. */
function LiveStatusLine({
  status,
  statusError,
  updating,
}: {
  status: SiteStatus | null;
  statusError: string | null;
  updating: boolean;
}) {
  const now = useNow(1000);
  const line = describeFreshness(
    status && {
      ageMs: status.updatedAt === null ? null : now - status.updatedAt,
      stale: status.stale,
      error: status.error,
    },
    statusError,
  );
  return (
    <p className={`map-status-line${line.tone === 'live' ? '' : ' is-stale'}`} role="status" aria-live="off">
      {line.text}
      {updating && <span className="muted"> · updating the map…</span>}
    </p>
  );
}

/** Keyboard and screen-reader route to any overlay: 5,000 shapes cannot each be a tab stop. */
function OverlayFinder({ overlays, onFind }: { overlays: readonly Overlay[]; onFind(overlay: Overlay): void }) {
  const inputId = useId();
  const listId = useId();
  const [text, setText] = useState('');
  const [notFound, setNotFound] = useState<string | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const wanted = text.trim().toLowerCase();
    if (!wanted) return;
    const match =
      overlays.find((o) => o.label.toLowerCase() === wanted || o.externalId.toLowerCase() === wanted) ??
      overlays.find((o) => o.label.toLowerCase().includes(wanted));
    setNotFound(match ? null : text.trim());
    if (match) onFind(match);
  }

  return (
    <form className="map-find" role="search" onSubmit={onSubmit}>
      <label htmlFor={inputId}>Find an overlay</label>
      <input
        id={inputId}
        type="search"
        list={listId}
        value={text}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        aria-describedby={notFound ? `${inputId}-missing` : undefined}
      />
      <datalist id={listId}>
        {overlays.map((o) => (
          <option key={o.externalId} value={o.label} />
        ))}
      </datalist>
      <button type="submit" className="button button-secondary">
        Show
      </button>
      {notFound && (
        <span id={`${inputId}-missing`} role="alert" className="muted">
          No overlay is called “{notFound}”.
        </span>
      )}
    </form>
  );
}
