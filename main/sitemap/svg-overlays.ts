import { elementChildren, parseSvgDocument, SVG_NS } from './svg-document.js';
import { BoxBuilder, IDENTITY, multiply, parseTransform, shapeBox, type Box, type Matrix } from './svg-geometry.js';

export type OverlayKind = 'path' | 'polygon' | 'rect' | 'circle' | 'ellipse' | 'g';

export interface ExtractedOverlay {
  /** The shape's id in the SVG: what a binding refers to and what the viewer colours. */
  shapeId: string;
  kind: OverlayKind;
  /** The shape's <title>, else its aria-label, else its Inkscape label; null when it has none. */
  label: string | null;
  /**
   * Approximate bounding box in the drawing's user units (viewBox coordinates), transforms applied: curves are
   * bounded by their control points, arcs by their end points. Absent when it cannot be worked out cheaply.
   */
  bbox?: Box;
}

export interface ExtractedOverlays {
  overlays: ExtractedOverlay[];
  warnings: string[];
}

const OVERLAY_KINDS = new Set<string>(['path', 'polygon', 'rect', 'circle', 'ellipse', 'g']);
/** Containers whose children are drawn where they stand; defs, symbols, masks, patterns… are not overlays. */
const DRAWN_CONTAINERS = new Set(['svg', 'g', 'a', 'switch']);
const INKSCAPE_NS = 'http://www.inkscape.org/namespaces/inkscape';
const MAX_DEPTH = 256;
const MAX_LABEL = 200;

function labelOf(element: Element): string | null {
  const title = [...elementChildren(element)].find((c) => c.namespaceURI === SVG_NS && c.localName === 'title');
  const candidates = [
    title?.textContent,
    element.getAttribute('aria-label'),
    element.getAttributeNS(INKSCAPE_NS, 'label'),
  ];
  for (const candidate of candidates) {
    const text = (candidate ?? '').replace(/\s+/gu, ' ').trim();
    if (text !== '') return text.slice(0, MAX_LABEL);
  }
  return null;
}

interface Walk {
  overlays: ExtractedOverlay[];
  firstKind: Map<string, string>;
  duplicates: Map<string, number>;
  withoutId: number;
  tooDeep: boolean;
}

/**
 * Visits `element`'s drawn children in document order, adding overlays, and returns the box of everything
 * drawn beneath it in root coordinates (a <g>'s box). `ctm` is null inside a nested <svg>, whose own viewport
 * would need more than this cheap pass works out.
 */
function visitChildren(element: Element, ctm: Matrix | null, depth: number, walk: Walk): BoxBuilder {
  const union = new BoxBuilder();
  if (depth > MAX_DEPTH) {
    walk.tooDeep = true;
    return union;
  }
  for (const child of elementChildren(element)) {
    if (child.namespaceURI !== SVG_NS) continue;
    const kind = child.localName;
    if (!OVERLAY_KINDS.has(kind) && !DRAWN_CONTAINERS.has(kind)) continue;
    const own = parseTransform(child.getAttribute('transform'));
    const childCtm = ctm && own && kind !== 'svg' ? multiply(ctm, own) : null;

    const id = child.getAttribute('id') ?? '';
    let overlay: ExtractedOverlay | undefined;
    if (OVERLAY_KINDS.has(kind) && id.trim() !== '') {
      const first = walk.firstKind.get(id);
      if (first === undefined) {
        walk.firstKind.set(id, kind);
        overlay = { shapeId: id, kind: kind as OverlayKind, label: labelOf(child) };
        walk.overlays.push(overlay);
      } else {
        walk.duplicates.set(id, (walk.duplicates.get(id) ?? 1) + 1);
      }
    } else if (OVERLAY_KINDS.has(kind) && kind !== 'g') {
      // Groups without an id are only structure (layers); shapes without one are what the user may miss.
      walk.withoutId += 1;
    }

    let box: Box | null = null;
    if (kind === 'g' || kind === 'a' || kind === 'switch' || kind === 'svg') {
      box = visitChildren(child, childCtm, depth + 1, walk).result();
      if (box && childCtm) union.box(box);
    } else if (childCtm) {
      const local = shapeBox(child);
      if (local) {
        const placed = new BoxBuilder();
        placed.box(local, childCtm);
        box = placed.result();
        if (box) union.box(box);
      }
    }
    if (overlay && box && childCtm) overlay.bbox = box;
  }
  return union;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many.replace('#', String(count));
}

/**
 * Finds the shapes of an overlay SVG that can be bound to devices, zones or units: every path, polygon, rect,
 * circle, ellipse and g with an id, drawn (not inside defs, symbols, masks…), in document order. Reports
 * duplicate ids (the first shape keeps the id) and shapes without an id. Throws invalid_input naming `file`
 * when the text is not an SVG document; it does not sanitise (run sanitizeSvg first).
 */
export function extractOverlays(svg: string): ExtractedOverlays {
  const root = parseSvgDocument(svg).documentElement;
  const walk: Walk = { overlays: [], firstKind: new Map(), duplicates: new Map(), withoutId: 0, tooDeep: false };
  visitChildren(root, IDENTITY, 1, walk);

  const warnings: string[] = [];
  for (const [id, count] of walk.duplicates) {
    warnings.push(
      `The id "${id.slice(0, 60)}" is used by ${count} shapes; only the first (a <${walk.firstKind.get(id)}>) became an overlay. Give each shape its own id.`,
    );
  }
  if (walk.withoutId > 0) {
    warnings.push(
      plural(walk.withoutId, '1 shape has', '# shapes have') +
        ' no id and cannot be bound. Give a shape an id in your drawing program (Object properties) to bind it.',
    );
  }
  if (walk.tooDeep) warnings.push(`Shapes nested more than ${MAX_DEPTH} groups deep were not read.`);
  return { overlays: walk.overlays, warnings };
}
