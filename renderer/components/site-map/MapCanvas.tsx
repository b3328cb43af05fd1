import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { Overlay } from '../../../main/contract/index.js';
import { legendStyle, type MapCanvasProps } from './map-canvas-types.js';
import { drawOverlayLabels } from './overlay-labels.js';
import { OverlaySvgError, prepareOverlaySvg, shapeIdAt, type PreparedSvg } from './overlay-svg.js';
import { PanZoomController } from './pan-zoom.js';
import { ShapePainter, shapeStyles } from './shape-styles.js';
import { KEY_PAN_STEP, ZOOM_STEP, type Size } from './view-transform.js';
import { KeyScope } from '../KeyScope.js';

/** Imperative controls for pages that drive the map (a "find overlay" box, a toolbar of their own). */
export interface MapCanvasHandle {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  /** Moves keyboard focus to the map (e.g. when a panel it opened closes). */
  focus(): void;
  /** Pans (and zooms in if needed) to a shape; false when the drawing has no such shape. */
  showShape(shapeId: string): boolean;
}

/** Styles inside the drawing's shadow root; the drawing's own <style> sheets come after them. */
const SHADOW_CSS = `
:host { position: absolute; left: 0; top: 0; }
svg { display: block; overflow: visible; }
[data-overlay] { cursor: pointer; }
.overlay-label {
  pointer-events: none; text-anchor: middle; dominant-baseline: central;
  font-family: system-ui, sans-serif; font-weight: 600;
  fill: #111; stroke: #fff; stroke-width: 0.2em; paint-order: stroke; stroke-linejoin: round;
}
`;

function constructSheet(css: string): CSSStyleSheet | null {
  try {
    const sheet = new CSSStyleSheet();
    // replaceSync ignores @import, which is what we want: nothing is fetched for the drawing.
    sheet.replaceSync(css);
    return sheet;
  } catch {
    return null;
  }
}

/**
 * One painter per parsed drawing, also across an effect's re-run (React's strict mode mounts twice):
 * a second painter would take the first one's colours for the drawing's own.
 */
const painters = new WeakMap<PreparedSvg, ShapePainter>();
function painterOf(prepared: PreparedSvg): ShapePainter {
  let painter = painters.get(prepared);
  if (!painter) {
    painter = new ShapePainter((id) => prepared.byId.get(id) ?? null);
    painters.set(prepared, painter);
  }
  return painter;
}

const DEFAULT_CONTENT: Size = { width: 1000, height: 1000 };

/**
 * The base map with the overlay SVG inline on top, pan and zoom, status colours (see
 * map-canvas-types.ts for the props). The SVG is parsed once per `overlaySvg`; status and filter
 * changes repaint only the shapes whose look changed.
 */
export function MapCanvas(props: MapCanvasProps & { ref?: Ref<MapCanvasHandle> }) {
  const { basemapUrl, overlaySvg, overlays, statusByOverlay, legend, visibleStatuses, selected, label, ref } = props;
  const showLabels = props.showLabels ?? false;
  const helpId = useId();
  const viewportRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const hoverRef = useRef<HTMLDivElement>(null);
  const shieldRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<PanZoomController | null>(null);
  const preparedRef = useRef<PreparedSvg | null>(null);
  const painterRef = useRef<ShapePainter | null>(null);

  // Parsed once per text (never on status changes); the nodes stay detached until the effect below.
  const parsed = useMemo((): { svg: PreparedSvg | null; error: string | null } => {
    if (!overlaySvg) return { svg: null, error: null };
    try {
      return { svg: prepareOverlaySvg(overlaySvg), error: null };
    } catch (err) {
      const error =
        err instanceof OverlaySvgError ? err.message : 'The overlay layer could not be read as an SVG drawing.';
      return { svg: null, error };
    }
  }, [overlaySvg]);
  const viewBox = parsed.svg?.viewBox ?? null;
  const svgError = parsed.error;

  // What the base map image said about itself, for the URL it was loaded from.
  const [basemapInfo, setBasemapInfo] = useState<{ url: string; size: Size | null; failed: boolean } | null>(null);
  const basemapSize = basemapInfo?.url === basemapUrl ? basemapInfo.size : null;
  const basemapFailed = basemapInfo?.url === basemapUrl && basemapInfo.failed;

  const styles = useMemo(
    () => shapeStyles({ overlays, statusByOverlay, legend, visibleStatuses, selected }),
    [overlays, statusByOverlay, legend, visibleStatuses, selected],
  );
  const overlayByShape = useMemo(() => {
    const map = new Map<string, Overlay>();
    for (const o of overlays) if (o.shapeId !== null && !map.has(o.shapeId)) map.set(o.shapeId, o);
    return map;
  }, [overlays]);

  // Event handlers registered once read the newest props through these.
  const latest = useRef({ styles, overlayByShape, legend, onShapeClick: props.onShapeClick });
  useEffect(() => {
    latest.current = { styles, overlayByShape, legend, onShapeClick: props.onShapeClick };
  });

  const content: Size | null = viewBox
    ? { width: viewBox.width, height: viewBox.height }
    : (basemapSize ?? (parsed.svg ? DEFAULT_CONTENT : null));

  // Pan and zoom, outside React.
  useEffect(() => {
    const viewport = viewportRef.current;
    const layer = layerRef.current;
    if (!viewport || !layer) return;
    const controller = new PanZoomController(viewport, layer, {
      dragSurface: shieldRef.current,
      onPanningChange: (panning) => {
        if (panning && hoverRef.current) hoverRef.current.hidden = true;
      },
    });
    controllerRef.current = controller;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) controller.setViewport({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(viewport);
    return () => {
      observer.disconnect();
      controller.destroy();
      controllerRef.current = null;
    };
  }, []);

  const contentKey = content ? `${content.width}x${content.height}` : '';
  useEffect(() => {
    controllerRef.current?.setContent(contentKey ? content : null);
    // Re-fit only when the drawing's size changes, not on every render that rebuilds `content`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contentKey]);

  // Attach the drawing; a new text means a new painter (the old elements are gone).
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    preparedRef.current = null;
    painterRef.current = null;
    const prepared = parsed.svg;
    if (!prepared) return;
    const box = prepared.viewBox;
    if (box) {
      prepared.svg.setAttribute('width', String(box.width));
      prepared.svg.setAttribute('height', String(box.height));
    }
    prepared.svg.setAttribute('aria-hidden', 'true');
    const sheets = [SHADOW_CSS, ...prepared.css].map(constructSheet).filter((s): s is CSSStyleSheet => s !== null);
    if ('adoptedStyleSheets' in shadow) shadow.adoptedStyleSheets = sheets;
    shadow.append(prepared.svg);
    preparedRef.current = prepared;
    const painter = painterOf(prepared);
    painter.update(latest.current.styles);
    painterRef.current = painter;

    // Delegation: one listener for every shape of the drawing.
    const svg = prepared.svg;
    const onClick = (e: MouseEvent) => {
      if (controllerRef.current?.consumeDrag()) return;
      const { overlayByShape: byShape, onShapeClick } = latest.current;
      const id = shapeIdAt(e.target, svg, (s) => byShape.has(s));
      if (id !== null) onShapeClick?.(id, byShape.get(id));
    };
    let hovered: string | null = null;
    const onMove = (e: PointerEvent) => {
      const hover = hoverRef.current;
      const viewport = viewportRef.current;
      if (!hover || !viewport || controllerRef.current?.panning) return;
      const id = shapeIdAt(e.target, svg, (s) => latest.current.styles.has(s));
      const style = id !== null ? latest.current.styles.get(id) : undefined;
      if (!style) {
        hover.hidden = true;
        hovered = null;
        return;
      }
      if (hovered !== id) {
        hovered = id;
        hover.textContent = `${style.label} · ${legendStyle(latest.current.legend, style.status)?.label ?? style.status}`;
      }
      const box = viewport.getBoundingClientRect();
      hover.style.transform = `translate(${e.clientX - box.left + 14}px, ${e.clientY - box.top + 14}px)`;
      hover.hidden = false;
    };
    const onLeave = () => {
      if (hoverRef.current) hoverRef.current.hidden = true;
      hovered = null;
    };
    svg.addEventListener('click', onClick);
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerleave', onLeave);
    return () => {
      svg.removeEventListener('click', onClick);
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerleave', onLeave);
    };
  }, [parsed]);

  // Labels written on the shapes (the wall board): again when the drawing or the overlays change.
  useEffect(() => {
    const svg = preparedRef.current?.svg;
    if (!showLabels || !svg) return;
    return drawOverlayLabels(svg, overlays);
  }, [parsed, overlays, showLabels]);

  // Status, filter and selection changes: repaint the difference only.
  useEffect(() => {
    painterRef.current?.update(styles);
  }, [styles]);

  useImperativeHandle(
    ref,
    () => ({
      zoomIn: () => controllerRef.current?.zoomBy(ZOOM_STEP),
      zoomOut: () => controllerRef.current?.zoomBy(1 / ZOOM_STEP),
      fit: () => controllerRef.current?.fit(),
      focus: () => viewportRef.current?.focus(),
      showShape(shapeId) {
        const el = preparedRef.current?.byId.get(shapeId);
        const controller = controllerRef.current;
        if (!el || !controller || !('getBBox' in el)) return false;
        const b = (el as SVGGraphicsElement).getBBox();
        const origin = preparedRef.current?.viewBox ?? { x: 0, y: 0 };
        controller.centreOn({ x: b.x - origin.x, y: b.y - origin.y, width: b.width, height: b.height });
        return true;
      },
    }),
    [],
  );

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const c = controllerRef.current;
    if (!c || e.altKey || e.ctrlKey || e.metaKey) return;
    const actions: Record<string, () => void> = {
      '+': () => c.zoomBy(ZOOM_STEP),
      '=': () => c.zoomBy(ZOOM_STEP),
      '-': () => c.zoomBy(1 / ZOOM_STEP),
      _: () => c.zoomBy(1 / ZOOM_STEP),
      '0': () => c.fit(),
      ArrowLeft: () => c.panBy(KEY_PAN_STEP, 0),
      ArrowRight: () => c.panBy(-KEY_PAN_STEP, 0),
      ArrowUp: () => c.panBy(0, KEY_PAN_STEP),
      ArrowDown: () => c.panBy(0, -KEY_PAN_STEP),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }

  const sized = content ?? { width: 0, height: 0 };
  const empty = !basemapUrl && !overlaySvg;
  return (
    <div className="map-canvas">
      <KeyScope onKeyDown={onKeyDown}>
        <div
          ref={viewportRef}
          className="map-viewport"
          role="application"
          aria-roledescription="map"
          aria-label={label}
          aria-describedby={helpId}
          tabIndex={0}
        >
          <div ref={layerRef} className="map-layer" style={{ width: sized.width, height: sized.height }}>
            {basemapUrl && (
              <img
                className="map-basemap"
                src={basemapUrl}
                alt=""
                draggable={false}
                style={content ? { width: sized.width, height: sized.height } : undefined}
                onLoad={(e) => {
                  const img = e.currentTarget;
                  const size = { width: img.naturalWidth || 1000, height: img.naturalHeight || 1000 };
                  setBasemapInfo({ url: basemapUrl, size, failed: false });
                }}
                onError={() => setBasemapInfo({ url: basemapUrl, size: null, failed: true })}
              />
            )}
            <div ref={hostRef} className="map-overlay-host" />
          </div>
          <div ref={shieldRef} className="map-drag-surface" hidden />
          <div ref={hoverRef} className="map-hover-label" hidden aria-hidden="true" />
          {empty && <p className="map-empty">This map has no base map or overlay layer yet.</p>}
        </div>
      </KeyScope>
      <div className="map-controls" role="group" aria-label="Zoom">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => controllerRef.current?.zoomBy(ZOOM_STEP)}
        >
          Zoom in
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => controllerRef.current?.zoomBy(1 / ZOOM_STEP)}
        >
          Zoom out
        </button>
        <button type="button" className="button button-secondary" onClick={() => controllerRef.current?.fit()}>
          Fit
        </button>
      </div>
      <p id={helpId} className="visually-hidden">
        Drag or use the arrow keys to pan; use the mouse wheel, plus and minus to zoom, and 0 to fit the whole map.
      </p>
      {(svgError !== null || basemapFailed) && (
        <div role="alert" className="message message-error map-canvas-error">
          {svgError && <p>{svgError}</p>}
          {basemapFailed && <p>The base map could not be shown: the file is not a picture this browser can draw.</p>}
        </div>
      )}
    </div>
  );
}
