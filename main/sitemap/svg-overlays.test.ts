import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { extractOverlays } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';

const FLOOR_PLAN = readFileSync(join(import.meta.dirname, 'test-fixtures', 'floor-plan.svg'));

const EXPECTED_OVERLAYS = [
  { shapeId: 'zone-north', kind: 'g', label: 'North wing', bbox: { x: 20, y: 20, width: 380, height: 190 } },
  { shapeId: 'room-101', kind: 'rect', label: 'Room 101 – Reception', bbox: { x: 20, y: 20, width: 200, height: 150 } },
  { shapeId: 'room-102', kind: 'rect', label: 'Room 102', bbox: { x: 220, y: 20, width: 180, height: 150 } },
  { shapeId: 'corridor-n', kind: 'path', label: 'North corridor', bbox: { x: 20, y: 170, width: 380, height: 40 } },
  { shapeId: 'zone-south', kind: 'g', label: 'South wing', bbox: { x: 0, y: 300, width: 640, height: 200 } },
  { shapeId: 'loading-bay', kind: 'polygon', label: 'Loading bay', bbox: { x: 20, y: 320, width: 280, height: 180 } },
  { shapeId: 'store-room', kind: 'path', label: null, bbox: { x: 320, y: 320, width: 200, height: 180 } },
  { shapeId: 'cam-12', kind: 'circle', label: 'Camera 12', bbox: { x: 92, y: 392, width: 16, height: 16 } },
  { shapeId: 'tank-1', kind: 'ellipse', label: null, bbox: { x: 560, y: 380, width: 80, height: 40 } },
  { shapeId: 'door-3', kind: 'rect', label: null, bbox: { x: 200, y: 70, width: 30, height: 10 } },
];

describe('a real-world floor plan', () => {
  const result = sanitizeSvg(FLOOR_PLAN);

  it('survives sanitising with its shapes, styles and internal references intact', () => {
    for (const id of ['zone-north', 'room-101', 'room-102', 'corridor-n', 'loading-bay', 'cam-12', 'door-3']) {
      expect(result.svg).toContain(`id="${id}"`);
    }
    expect(result.svg).toContain('<use href="#camera-icon"');
    expect(result.svg).toContain('clip-path="url(#clip-site)"');
    expect(result.svg).toContain('fill: url(#floor-fill)');
    expect(result.svg).toContain('<a href="#room-101">');
    expect(result.svg).toContain('<title>Room 101 – Reception</title>');
    expect(result).toMatchObject({ width: 800, height: 600, viewBox: '0 0 800 600' });
  });

  it('reports only the drawing program’s metadata as removed', () => {
    expect(result.removed).toEqual(['8 drawing-program metadata items']);
    expect(result.svg).not.toMatch(/inkscape:|sodipodi|rdf:/u);
  });

  it('yields every shape with an id as an overlay, in document order, with labels and approximate boxes', () => {
    const { overlays } = extractOverlays(result.svg);
    expect(overlays).toEqual(EXPECTED_OVERLAYS);
  });

  it('warns about the duplicate id and the shapes without an id', () => {
    expect(extractOverlays(result.svg).warnings).toEqual([
      'The id "room-101" is used by 2 shapes; only the first (a <rect>) became an overlay. Give each shape its own id.',
      '2 shapes have no id and cannot be bound. Give a shape an id in your drawing program (Object properties) to bind it.',
    ]);
  });

  it('reads Inkscape labels straight from an unsanitised file too', () => {
    const { overlays } = extractOverlays(FLOOR_PLAN.toString('utf8'));
    expect(overlays.map((o) => [o.shapeId, o.label])).toEqual(EXPECTED_OVERLAYS.map((o) => [o.shapeId, o.label]));
  });
});

describe('extractOverlays', () => {
  const svg = (body: string): string => `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`;

  it('bounds paths with relative commands, compact arc flags and implicit line-tos', () => {
    const { overlays } = extractOverlays(svg('<path id="p" d="m10 10 20 0 0 20a5 5 0 015 5l-40-5z"/>'));
    expect(overlays[0]?.bbox).toEqual({ x: -5, y: 10, width: 40, height: 25 });
  });

  it('gives no box when it cannot be worked out cheaply, but still lists the shape', () => {
    const { overlays } = extractOverlays(
      svg(
        '<rect id="pct" width="50%" height="10"/><rect id="odd" transform="perspective(2)" width="1" height="1"/>' +
          '<svg x="5"><rect id="nested" width="1" height="1"/></svg>',
      ),
    );
    expect(overlays).toEqual([
      { shapeId: 'pct', kind: 'rect', label: null },
      { shapeId: 'odd', kind: 'rect', label: null },
      { shapeId: 'nested', kind: 'rect', label: null },
    ]);
  });

  it('applies transforms of groups to the shapes inside them', () => {
    const { overlays } = extractOverlays(
      svg('<g id="z" transform="translate(100 0) scale(2)"><circle id="c" r="5"/></g>'),
    );
    expect(overlays.map((o) => o.bbox)).toEqual([
      { x: 90, y: -10, width: 20, height: 20 },
      { x: 90, y: -10, width: 20, height: 20 },
    ]);
  });

  it('refuses text that is not an SVG document, naming the file', () => {
    try {
      extractOverlays('<html><body/></html>');
      expect.unreachable('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(OutpostError);
      expect((err as OutpostError).issues?.[0]?.path).toBe('file');
    }
  });
});
