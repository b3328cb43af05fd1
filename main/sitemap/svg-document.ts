import { JSDOM, type DOMWindow } from 'jsdom';
import { OutpostError } from '../contract/index.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

let svgWindow: DOMWindow | undefined;

/**
 * One jsdom window for every SVG this process reads: creating a window costs far more than parsing a floor
 * plan, and the window never runs script (jsdom's default) or loads anything (no resources option).
 */
export function getSvgWindow(): DOMWindow {
  svgWindow ??= new JSDOM('').window;
  return svgWindow;
}

function rejectFile(message: string): OutpostError {
  return new OutpostError('invalid_input', message, { issues: [{ path: 'file', message }] });
}

/** "3:14: unbound namespace prefix" → "line 3, column 14: unbound namespace prefix". */
function parserMessage(raw: string): string {
  const text = raw.trim().split('\n')[0] ?? '';
  const match = /^(\d+):(\d+):\s*(.*)$/u.exec(text);
  const detail = match ? `line ${match[1]}, column ${match[2]}: ${match[3]}` : text;
  return detail.length > 200 ? `${detail.slice(0, 199)}…` : detail;
}

/**
 * Parses SVG text as XML, the way a browser reads an .svg file, so what is checked is what would be shown.
 * Throws invalid_input naming `file` when the text is not well-formed or its top element is not an SVG `<svg>`.
 */
export function parseSvgDocument(text: string): Document {
  const window = getSvgWindow();
  const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName === 'parsererror') {
    throw rejectFile(
      `The file is not a well-formed SVG document (${parserMessage(root?.textContent ?? 'no content')}). Export it again from your drawing program as plain SVG.`,
    );
  }
  if (root.localName === 'svg' && root.namespaceURI !== SVG_NS) {
    throw rejectFile(
      'The file\'s <svg> element lacks xmlns="http://www.w3.org/2000/svg", so browsers would not show it as a drawing. Add that attribute or export the file again as plain SVG.',
    );
  }
  if (root.localName === 'svg' && root.prefix !== null) {
    throw rejectFile(
      `The file's top element is written <${root.nodeName.slice(0, 40)}> with a namespace prefix. Export it again as plain SVG, whose top element is <svg>.`,
    );
  }
  if (root.localName !== 'svg') {
    throw rejectFile(
      `The file is not an SVG drawing: its top element is <${root.nodeName.slice(0, 40)}>, not <svg>. Upload the .svg file exported from your drawing program.`,
    );
  }
  return doc;
}

const UNIT_TO_PX: Record<string, number> = { '': 1, px: 1, pt: 96 / 72, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

/** A width or height in CSS pixels, when it is an absolute length above 0 (percentages and em have no size). */
export function lengthInPx(value: string | null): number | undefined {
  if (value === null) return undefined;
  const match = /^\s*\+?((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/iu.exec(value);
  if (!match) return undefined;
  const px = Number(match[1]) * (UNIT_TO_PX[(match[2] ?? '').toLowerCase()] ?? Number.NaN);
  return Number.isFinite(px) && px > 0 ? Math.round(px * 1000) / 1000 : undefined;
}

/** `viewBox` normalised to "minX minY width height", when it has four numbers and a positive size. */
export function normalisedViewBox(value: string | null): string | undefined {
  if (value === null) return undefined;
  const parts = value
    .trim()
    .split(/[\s,]+/u)
    .map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [, , width = 0, height = 0] = parts;
  return width > 0 && height > 0 ? parts.join(' ') : undefined;
}

/**
 * An element's element children, walked by sibling links. jsdom answers every index into
 * `element.children` through a Proxy that first looks the index up as a *name* (a linear scan), so
 * iterating `children` of a layer with 5,000 shapes cost seconds; sibling links are O(1) per step.
 */
export function* elementChildren(element: Element): Generator<Element> {
  for (let child = element.firstElementChild; child !== null; child = child.nextElementSibling) yield child;
}
