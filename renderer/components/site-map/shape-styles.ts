import type { LegendEntry, Overlay } from '../../../main/contract/index.js';
import { legendStyle } from './map-canvas-types.js';

/**
 * What each shape of the overlay layer should look like, computed from the overlays, their
 * statuses and the viewer's filters. Kept as plain data so the canvas can diff two of them and
 * touch only the shapes whose look changed: a status push over 5,000 shapes usually changes a
 * handful.
 */
export interface ShapeStyle {
  /** The overlay drawn on this shape. */
  externalId: string;
  label: string;
  status: string;
  /** Fill and outline, #rrggbb from the legend. */
  color: string;
  /** Filtered out by the legend: drawn faint. */
  dimmed: boolean;
  selected: boolean;
}

export interface ShapeStyleInput {
  overlays: readonly Overlay[];
  statusByOverlay: ReadonlyMap<string, string>;
  legend: readonly LegendEntry[];
  visibleStatuses?: ReadonlySet<string> | null | undefined;
  selected?: ReadonlySet<string> | undefined;
}

/** Drawn when neither the status nor `unknown` is in the legend (a legend that failed to load). */
export const FALLBACK_COLOR = '#9e9e9e';

/**
 * Style per shape id. Overlays without a shape (markers) have nothing to colour; when two
 * overlays name the same shape, the first one wins, as it does for clicks.
 */
export function shapeStyles(input: ShapeStyleInput): Map<string, ShapeStyle> {
  const out = new Map<string, ShapeStyle>();
  // Legend lookups by status once, not once per overlay.
  const colorOf = new Map<string, string>();
  for (const overlay of input.overlays) {
    if (overlay.shapeId === null || out.has(overlay.shapeId)) continue;
    const status = input.statusByOverlay.get(overlay.externalId) ?? 'unknown';
    let color = colorOf.get(status);
    if (color === undefined) {
      color = legendStyle(input.legend, status)?.color ?? FALLBACK_COLOR;
      colorOf.set(status, color);
    }
    out.set(overlay.shapeId, {
      externalId: overlay.externalId,
      label: overlay.label,
      status,
      color,
      dimmed: input.visibleStatuses != null && !input.visibleStatuses.has(status),
      selected: input.selected?.has(overlay.externalId) ?? false,
    });
  }
  return out;
}

export function sameShapeStyle(a: ShapeStyle, b: ShapeStyle): boolean {
  return (
    a.status === b.status &&
    a.color === b.color &&
    a.dimmed === b.dimmed &&
    a.selected === b.selected &&
    a.externalId === b.externalId &&
    a.label === b.label
  );
}

export interface ShapeStyleDiff {
  /** Shapes to (re)style: new, or changed in any way. */
  changed: [shapeId: string, style: ShapeStyle][];
  /** Shapes no overlay colours any more: back to how the SVG drew them. */
  cleared: string[];
}

export function diffShapeStyles(
  previous: ReadonlyMap<string, ShapeStyle>,
  next: ReadonlyMap<string, ShapeStyle>,
): ShapeStyleDiff {
  const changed: [string, ShapeStyle][] = [];
  for (const [id, style] of next) {
    const before = previous.get(id);
    if (before === undefined || !sameShapeStyle(before, style)) changed.push([id, style]);
  }
  const cleared: string[] = [];
  for (const id of previous.keys()) if (!next.has(id)) cleared.push(id);
  return { changed, cleared };
}

/** Opacity of shapes the legend filters out: still there to keep the plan readable, clearly not in focus. */
export const DIMMED_OPACITY = '0.15';
/** Fill opacity of coloured shapes, so the base map under a room stays readable. */
export const FILL_OPACITY = '0.65';
const SELECTED_STROKE = '#1565c0';

/** The part of an element the painter writes; an SVGElement in the page, a stub in tests. */
export interface PaintTarget {
  readonly style: Pick<
    CSSStyleDeclaration,
    'setProperty' | 'removeProperty' | 'getPropertyValue' | 'getPropertyPriority'
  >;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

const PAINTED_PROPERTIES = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'opacity', 'vector-effect'] as const;
type Saved = Record<(typeof PAINTED_PROPERTIES)[number], [value: string, priority: string]>;

/**
 * Applies shape styles to the elements of one overlay SVG, diffing against what it applied last.
 * It remembers each element's own inline values before the first paint, so a shape that loses its
 * overlay looks as the SVG drew it. One painter per parsed SVG: a new document needs a new one.
 */
export class ShapePainter {
  private applied = new Map<string, ShapeStyle>();
  private readonly saved = new Map<string, Saved>();

  constructor(private readonly lookup: (shapeId: string) => PaintTarget | null) {}

  /** Paints the difference from the last call; returns how many elements it touched. */
  update(next: ReadonlyMap<string, ShapeStyle>): number {
    const { changed, cleared } = diffShapeStyles(this.applied, next);
    let touched = 0;
    for (const id of cleared) {
      const el = this.lookup(id);
      if (el) {
        this.restore(id, el);
        touched++;
      }
    }
    for (const [id, style] of changed) {
      const el = this.lookup(id);
      if (!el) continue;
      this.paint(id, el, style);
      touched++;
    }
    this.applied = new Map(next);
    return touched;
  }

  private paint(id: string, el: PaintTarget, s: ShapeStyle): void {
    if (!this.saved.has(id)) {
      const saved = {} as Saved;
      for (const p of PAINTED_PROPERTIES) saved[p] = [el.style.getPropertyValue(p), el.style.getPropertyPriority(p)];
      this.saved.set(id, saved);
    }
    // `important` so a class rule of the drawing's own <style> cannot win over the status colour.
    el.style.setProperty('fill', s.color, 'important');
    el.style.setProperty('fill-opacity', FILL_OPACITY, 'important');
    el.style.setProperty('stroke', s.selected ? SELECTED_STROKE : s.color, 'important');
    el.style.setProperty('stroke-width', s.selected ? '4px' : '1.5px', 'important');
    // Outlines keep their on-screen width at any zoom.
    el.style.setProperty('vector-effect', 'non-scaling-stroke');
    el.style.setProperty('opacity', s.dimmed ? DIMMED_OPACITY : '1', 'important');
    el.setAttribute('data-status', s.status);
    el.setAttribute('data-overlay', s.externalId);
    if (s.dimmed) el.setAttribute('data-dimmed', '');
    else el.removeAttribute('data-dimmed');
    if (s.selected) el.setAttribute('data-selected', '');
    else el.removeAttribute('data-selected');
  }

  private restore(id: string, el: PaintTarget): void {
    const saved = this.saved.get(id);
    for (const p of PAINTED_PROPERTIES) {
      const [value, priority] = saved?.[p] ?? ['', ''];
      if (value) el.style.setProperty(p, value, priority);
      else el.style.removeProperty(p);
    }
    for (const a of ['data-status', 'data-overlay', 'data-dimmed', 'data-selected']) el.removeAttribute(a);
  }
}
