import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { parseInlineStyle, type Declaration } from './inline-style.js';

/**
 * Turns the overlay layer's SVG text into a live <svg> element for the canvas. The Core sanitised
 * the file when it was uploaded; the renderer sanitises it again (defence in depth: an older
 * release, a bug in one of the two, a file put in the store by hand) with DOMPurify's SVG profile.
 */
export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PreparedSvg {
  /** Imported into the target document, not yet attached. */
  svg: SVGSVGElement;
  /** The drawing's coordinate box; null when it declares neither a viewBox nor a size. */
  viewBox: ViewBox | null;
  /** Text of the drawing's <style> elements, for a constructed style sheet (see `prepareOverlaySvg`). */
  css: string[];
  /** Elements by id, built once: the painter and click handling look shapes up here. */
  byId: Map<string, SVGElement>;
}

export class OverlaySvgError extends Error {}

const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_MARK = 'data-outpost-style';

const PURIFY_CONFIG: Config & { IN_PLACE: true } = {
  USE_PROFILES: { svg: true, svgFilters: true },
  // Floor plans reuse symbols (doors, cameras) with <use>; the hook below keeps only #fragment links.
  ADD_TAGS: ['use'],
  FORBID_TAGS: ['script', 'foreignObject', 'iframe', 'embed', 'object', 'animate', 'set', 'handler'],
  IN_PLACE: true,
};

let purifier: DOMPurify | null = null;

/** One DOMPurify of our own, so its hook never changes how other code's sanitising behaves. */
function getPurifier(win: Window & typeof globalThis): DOMPurify {
  if (purifier) return purifier;
  const p = createDOMPurify(win);
  p.addHook('uponSanitizeAttribute', (_node, data) => {
    const name = data.attrName.toLowerCase();
    // Links may only point inside the drawing: no fetches, no other documents, no javascript:.
    if ((name === 'href' || name === 'xlink:href' || name === 'src') && !data.attrValue.trim().startsWith('#')) {
      data.keepAttr = false;
    }
    // xml:base would change what every remaining link resolves against.
    if (name === 'xml:base') data.keepAttr = false;
  });
  purifier = p;
  return p;
}

function number(value: string | null): number | null {
  if (value === null) return null;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** The declared viewBox, else 0 0 width height from absolute width/height attributes. */
export function readViewBox(svg: Element): ViewBox | null {
  const parts = (svg.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (parts.length === 4 && parts.every(Number.isFinite) && parts[2]! > 0 && parts[3]! > 0) {
    return { x: parts[0]!, y: parts[1]!, width: parts[2]!, height: parts[3]! };
  }
  const width = /%/.test(svg.getAttribute('width') ?? '') ? null : number(svg.getAttribute('width'));
  const height = /%/.test(svg.getAttribute('height') ?? '') ? null : number(svg.getAttribute('height'));
  return width !== null && height !== null ? { x: 0, y: 0, width, height } : null;
}

/**
 * Parses, sanitises and imports the overlay SVG into `doc`. Style attributes and <style> elements
 * are taken out before the import: the app's CSP has no `'unsafe-inline'` for styles, so the
 * browser would ignore them in the page. Their declarations are set again through the CSSOM, and
 * the style sheets come back as `css` for a constructed sheet inside the canvas's shadow root, where
 * the drawing's class rules cannot reach the rest of the app.
 */
export function prepareOverlaySvg(
  text: string,
  doc: Document = document,
  win: Window & typeof globalThis = window,
): PreparedSvg {
  const parsed = new win.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = parsed.documentElement;
  if (
    parsed.getElementsByTagName('parsererror').length > 0 ||
    root.localName !== 'svg' ||
    root.namespaceURI !== SVG_NS
  ) {
    throw new OverlaySvgError('The overlay layer is not a well-formed SVG drawing.');
  }
  getPurifier(win).sanitize(root, PURIFY_CONFIG);

  const css: string[] = [];
  for (const style of [...root.getElementsByTagNameNS(SVG_NS, 'style')]) {
    if (style.textContent?.trim()) css.push(style.textContent);
    style.remove();
  }
  const declarations: Declaration[][] = [];
  for (const el of [...root.querySelectorAll('[style]')]) {
    el.setAttribute(STYLE_MARK, String(declarations.length));
    declarations.push(parseInlineStyle(el.getAttribute('style') ?? ''));
    el.removeAttribute('style');
  }
  if (root.hasAttribute('style')) {
    // The root's own style (a background, a font) is dropped: the canvas sizes and places it.
    root.removeAttribute('style');
  }

  const svg = doc.importNode(root, true) as unknown as SVGSVGElement;
  for (const el of svg.querySelectorAll<SVGElement>(`[${STYLE_MARK}]`)) {
    const list = declarations[Number(el.getAttribute(STYLE_MARK))] ?? [];
    for (const d of list) el.style.setProperty(d.property, d.value, d.important ? 'important' : '');
    el.removeAttribute(STYLE_MARK);
  }

  const byId = new Map<string, SVGElement>();
  for (const el of svg.querySelectorAll<SVGElement>('[id]')) if (!byId.has(el.id)) byId.set(el.id, el);
  return { svg, viewBox: readViewBox(svg), css, byId };
}

/** Shapes the viewer can colour or the editor can bind: drawn elements and groups. */
const SHAPE_TAGS = new Set(['path', 'polygon', 'polyline', 'rect', 'circle', 'ellipse', 'line', 'g', 'use', 'text']);

/**
 * The shape a click or hover landed on, walking up from the event's target (never above the
 * drawing's root) to the nearest element with an id that is a shape or a group. When `isBound`
 * is given, the nearest bound one wins over an unbound child with an id of its own: a click on a
 * door's handle opens the door.
 */
export function shapeIdAt(target: EventTarget | null, root: Element, isBound?: (id: string) => boolean): string | null {
  let el = target instanceof Element ? target : null;
  let nearest: string | null = null;
  while (el && el !== root) {
    if (el.id && SHAPE_TAGS.has(el.localName)) {
      if (!isBound || isBound(el.id)) return el.id;
      nearest ??= el.id;
    }
    el = el.parentElement;
  }
  return nearest;
}
