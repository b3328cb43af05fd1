import { describe, expect, it } from 'vitest';
import { OverlaySchema, type Overlay } from './overlay-model.js';
import { overlaysForShapes } from './shape-overlays.js';

const existing: Overlay[] = [
  { externalId: 'door-1', shapeId: 'door-1', label: 'Door 1', binding: { type: 'device', device: 'd1' } },
  { externalId: 'room-a', shapeId: null, label: 'Room A', binding: null },
];

describe('overlaysForShapes', () => {
  it('makes an unbound overlay for every shape no overlay references, keyed by its id when it is free', () => {
    const created = overlaysForShapes(
      [
        { shapeId: 'door-1', label: 'Door again' },
        { shapeId: 'door-2', label: 'Door 2' },
        { shapeId: 'cam.3', label: null },
      ],
      existing,
    );
    expect(created).toEqual([
      { externalId: 'door-2', shapeId: 'door-2', label: 'Door 2', binding: null },
      { externalId: 'cam.3', shapeId: 'cam.3', label: 'cam.3', binding: null },
    ]);
  });

  it('derives a valid, unique external id when the shape id is not one or is already taken', () => {
    const created = overlaysForShapes(
      [
        { shapeId: 'room-a', label: 'Room A drawn' },
        { shapeId: 'Zimmer/Ä#1', label: null },
        { shapeId: 'Zimmer-1', label: null },
        { shapeId: '###', label: null },
        { shapeId: 'x'.repeat(200), label: null },
      ],
      existing,
    );
    expect(created.map((o) => o.externalId)).toEqual(['room-a-2', 'Zimmer-1', 'Zimmer-1-2', 'shape', 'x'.repeat(120)]);
    expect(created.map((o) => o.shapeId)).toEqual(['room-a', 'Zimmer/Ä#1', 'Zimmer-1', '###', 'x'.repeat(200)]);
    for (const overlay of created) expect(OverlaySchema.safeParse(overlay).success).toBe(true);
  });

  it('keeps labels valid and skips ids that cannot be stored as shape ids', () => {
    const created = overlaysForShapes(
      [
        { shapeId: 'a', label: 'Tab\u0007bell' },
        { shapeId: 'has space', label: 'Spaced' },
        { shapeId: 'y'.repeat(300), label: 'Too long' },
        { shapeId: 'a', label: 'Second a' },
      ],
      [],
    );
    expect(created).toEqual([{ externalId: 'a', shapeId: 'a', label: 'Tab bell', binding: null }]);
  });
});
