import type { LegendEntry, Overlay } from '../../../main/contract/index.js';

/**
 * The one map renderer of the app: the Map page's viewer and editor, and the public wall board,
 * all draw through <MapCanvas>. It shows the base map with the (sanitised) overlay SVG inline on
 * top, fills each overlay's shape with the colour of its status, and pans and zooms with a CSS
 * transform on one layer so 5,000 shapes stay smooth.
 */
export interface MapCanvasProps {
  /** An object URL or public URL of the base map image (PNG, JPEG or SVG), or null. */
  basemapUrl: string | null;
  /** The sanitised overlay SVG document as text, or null. Sanitised again in the renderer before use. */
  overlaySvg: string | null;
  overlays: readonly Overlay[];
  /** Status per overlay external id (absent: `unknown`). */
  statusByOverlay: ReadonlyMap<string, string>;
  legend: readonly LegendEntry[];
  /** Statuses to show; overlays in other statuses are dimmed. Null shows everything. */
  visibleStatuses?: ReadonlySet<string> | null;
  /** Overlay external ids drawn as selected. */
  selected?: ReadonlySet<string>;
  /** A click on a shape with an id: the overlay bound to it (if any) and the shape id. */
  onShapeClick?: (shapeId: string, overlay: Overlay | undefined) => void;
  /** Accessible name of the map region. */
  label: string;
  /** Write each overlay's label on its shape (the wall board, read from afar without hovering). */
  showLabels?: boolean;
}

/** Style of a status from the legend (unknown names draw as `unknown`). */
export function legendStyle(legend: readonly LegendEntry[], status: string): LegendEntry | undefined {
  return legend.find((l) => l.status === status) ?? legend.find((l) => l.status === 'unknown');
}

/** The status an overlay takes from entity statuses: its binding's target, else its own external id. */
export function overlayStatus(overlay: Overlay, byEntity: ReadonlyMap<string, string>): string {
  const b = overlay.binding;
  const target = b === null ? undefined : b.type === 'zone' ? b.zone : b.type === 'unit' ? b.unitId : b.device;
  return (target !== undefined ? byEntity.get(target) : undefined) ?? byEntity.get(overlay.externalId) ?? 'unknown';
}
