/**
 * Cheap, approximate geometry for overlay shapes: enough to zoom to a shape or place its label, not to
 * hit-test. Curves are bounded by their control points and arcs by their end points, so a box can be a little
 * larger (curves) or smaller (bulging arcs) than the drawn shape.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An affine transform [a b c d e f], as in SVG's matrix(). */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/gu;

function numbersIn(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((m) => Number(m[0]));
}

function transformFunction(name: string, args: number[]): Matrix | null {
  const [a = 0, b, c, d, e, f] = args;
  const rad = (a * Math.PI) / 180;
  switch (name) {
    case 'matrix':
      return args.length === 6 ? [a, b ?? 0, c ?? 0, d ?? 0, e ?? 0, f ?? 0] : null;
    case 'translate':
      return args.length === 1 || args.length === 2 ? [1, 0, 0, 1, a, b ?? 0] : null;
    case 'scale':
      return args.length === 1 || args.length === 2 ? [a, 0, 0, b ?? a, 0, 0] : null;
    case 'rotate': {
      const rotation: Matrix = [Math.cos(rad), Math.sin(rad), -Math.sin(rad), Math.cos(rad), 0, 0];
      if (args.length === 1) return rotation;
      if (args.length !== 3) return null;
      return multiply(multiply([1, 0, 0, 1, b ?? 0, c ?? 0], rotation), [1, 0, 0, 1, -(b ?? 0), -(c ?? 0)]);
    }
    case 'skewX':
      return args.length === 1 ? [1, 0, Math.tan(rad), 1, 0, 0] : null;
    case 'skewY':
      return args.length === 1 ? [1, Math.tan(rad), 0, 1, 0, 0] : null;
    default:
      return null;
  }
}

/** The `transform` attribute as one matrix; null when it cannot be read (then no box is given). */
export function parseTransform(value: string | null): Matrix | null {
  const text = (value ?? '').trim();
  const step = /\s*([a-zA-Z]+)\s*\(([^)]*)\)\s*,?/uy;
  let matrix: Matrix = IDENTITY;
  for (let pos = 0; pos < text.length; pos = step.lastIndex) {
    step.lastIndex = pos;
    const match = step.exec(text);
    const next = match ? transformFunction(match[1] ?? '', numbersIn(match[2] ?? '')) : null;
    if (!next) return null;
    matrix = multiply(matrix, next);
  }
  return matrix;
}

/** Accumulates points into an axis-aligned box. */
export class BoxBuilder {
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;

  point(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.minX = Math.min(this.minX, x);
    this.minY = Math.min(this.minY, y);
    this.maxX = Math.max(this.maxX, x);
    this.maxY = Math.max(this.maxY, y);
  }

  box(box: Box, through: Matrix = IDENTITY): void {
    for (const [x, y] of [
      [box.x, box.y],
      [box.x + box.width, box.y],
      [box.x, box.y + box.height],
      [box.x + box.width, box.y + box.height],
    ] as const) {
      this.point(through[0] * x + through[2] * y + through[4], through[1] * x + through[3] * y + through[5]);
    }
  }

  result(): Box | null {
    if (this.minX > this.maxX) return null;
    const round = (n: number): number => Math.round(n * 1000) / 1000;
    return {
      x: round(this.minX),
      y: round(this.minY),
      width: round(this.maxX - this.minX),
      height: round(this.maxY - this.minY),
    };
  }
}

/** A coordinate attribute in user units (a plain number or px); `fallback` when absent, null when unreadable. */
function coordinate(element: Element, name: string, fallback: number | null): number | null {
  const value = element.getAttribute(name);
  if (value === null || value.trim() === '') return fallback;
  const match = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(?:px)?\s*$/iu.exec(value);
  return match ? Number(match[1]) : null;
}

/** The box of a shape in its own coordinates (before its transform), or null when it cannot be worked out. */
export function shapeBox(element: Element): Box | null {
  const builder = new BoxBuilder();
  switch (element.localName) {
    case 'rect': {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((n, i) => coordinate(element, n, i < 2 ? 0 : null));
      if (x == null || y == null || w == null || h == null || w < 0 || h < 0) return null;
      builder.box({ x, y, width: w, height: h });
      return builder.result();
    }
    case 'circle':
    case 'ellipse': {
      const cx = coordinate(element, 'cx', 0);
      const cy = coordinate(element, 'cy', 0);
      const r = element.localName === 'circle' ? coordinate(element, 'r', null) : null;
      const rx = r ?? coordinate(element, 'rx', null) ?? coordinate(element, 'ry', null);
      const ry = r ?? coordinate(element, 'ry', null) ?? rx;
      if (cx === null || cy === null || rx === null || ry === null || rx < 0 || ry < 0) return null;
      builder.box({ x: cx - rx, y: cy - ry, width: 2 * rx, height: 2 * ry });
      return builder.result();
    }
    case 'polygon': {
      const n = numbersIn(element.getAttribute('points') ?? '');
      for (let i = 0; i + 1 < n.length; i += 2) builder.point(n[i] ?? NaN, n[i + 1] ?? NaN);
      return builder.result();
    }
    case 'path':
      return pathBox(element.getAttribute('d') ?? '');
    default:
      return null;
  }
}

const PARAMS: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };
const NUMBER_AT = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/uy;
const FLAG_AT = /[01]/uy;
const SEPARATORS = /[\s,]*/uy;

/**
 * The box of path data from every coordinate it names (end and control points). Stops at the first error,
 * as a browser stops drawing there.
 */
export function pathBox(d: string): Box | null {
  const builder = new BoxBuilder();
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let command = '';
  let pos = 0;
  const skip = (): void => {
    SEPARATORS.lastIndex = pos;
    SEPARATORS.exec(d);
    pos = SEPARATORS.lastIndex;
  };
  const read = (pattern: RegExp): number | null => {
    skip();
    pattern.lastIndex = pos;
    const match = pattern.exec(d);
    if (!match) return null;
    pos = pattern.lastIndex;
    return Number(match[0]);
  };
  for (skip(); pos < d.length; skip()) {
    const char = d[pos] ?? '';
    if (/[a-zA-Z]/u.test(char)) {
      if (PARAMS[char.toLowerCase()] === undefined) break;
      command = char;
      pos += 1;
      if (command.toLowerCase() === 'z') {
        [x, y] = [startX, startY];
        continue;
      }
    } else if (command === '' || command.toLowerCase() === 'z') {
      break;
    }
    const lower = command.toLowerCase();
    const relative = command !== command.toUpperCase();
    const args: number[] = [];
    for (let i = 0; i < (PARAMS[lower] ?? 0); i += 1) {
      const value = read(lower === 'a' && (i === 3 || i === 4) ? FLAG_AT : NUMBER_AT);
      if (value === null) return builder.result();
      args.push(value);
    }
    const [ox, oy] = relative ? [x, y] : [0, 0];
    if (lower === 'h') x = (relative ? x : 0) + (args[0] ?? 0);
    else if (lower === 'v') y = (relative ? y : 0) + (args[0] ?? 0);
    else if (lower === 'a') [x, y] = [ox + (args[5] ?? 0), oy + (args[6] ?? 0)];
    else {
      for (let i = 0; i + 1 < args.length; i += 2) builder.point(ox + (args[i] ?? 0), oy + (args[i + 1] ?? 0));
      [x, y] = [ox + (args[args.length - 2] ?? 0), oy + (args[args.length - 1] ?? 0)];
    }
    builder.point(x, y);
    if (lower === 'm') {
      [startX, startY] = [x, y];
      command = relative ? 'l' : 'L'; // further pairs after a move are lines
    }
  }
  return builder.result();
}
