import { describe, expect, it } from 'vitest';
import type { Overlay } from '../../../../main/contract/index.js';
import {
  addPending,
  applyEdits,
  bindingTarget,
  describeBinding,
  entityIdProblem,
  externalIdForShape,
  filterOverlays,
  labelProblem,
  makeBinding,
  overlayForShape,
  requeue,
  toSaveInput,
} from './overlay-edits.js';

const a: Overlay = { externalId: 'a', shapeId: 'sa', label: 'Door A', binding: null };
const b: Overlay = { externalId: 'b', shapeId: 'sb', label: 'Gate', binding: { type: 'device', device: 'gate-ctl' } };
const c: Overlay = { externalId: 'c', shapeId: null, label: 'Unit 4', binding: { type: 'unit', unitId: 'U-4' } };

describe('applyEdits', () => {
  it('updates in place, adds at the end, deletes', () => {
    const next = applyEdits(
      [a, b],
      [
        { externalId: 'a', before: a, after: { ...a, label: 'Front door' } },
        { externalId: 'c', before: null, after: c },
        { externalId: 'b', before: b, after: null },
      ],
    );
    expect(next.map((o) => [o.externalId, o.label])).toEqual([
      ['a', 'Front door'],
      ['c', 'Unit 4'],
    ]);
  });
});

describe('pending changes', () => {
  it('keeps the latest value per overlay and splits into upserts and deletes', () => {
    let pending = addPending(new Map(), [{ externalId: 'a', before: a, after: { ...a, label: 'x' } }]);
    pending = addPending(pending, [
      { externalId: 'a', before: { ...a, label: 'x' }, after: { ...a, label: 'y' } },
      { externalId: 'b', before: b, after: null },
    ]);
    expect(toSaveInput(pending)).toEqual({ upserts: [{ ...a, label: 'y' }], deletes: ['b'] });
  });

  it('requeues a failed batch under the edits made since', () => {
    const failed = new Map<string, Overlay | null>([
      ['a', { ...a, label: 'old try' }],
      ['b', null],
    ]);
    const newer = new Map<string, Overlay | null>([['a', { ...a, label: 'newer' }]]);
    expect(toSaveInput(requeue(failed, newer))).toEqual({ upserts: [{ ...a, label: 'newer' }], deletes: ['b'] });
  });
});

describe('bindings', () => {
  it('reads and builds every binding type', () => {
    for (const type of ['device', 'camera', 'zone', 'unit'] as const) {
      expect(bindingTarget(makeBinding(type, 'x-1'))).toBe('x-1');
      expect(makeBinding(type, 'x-1').type).toBe(type);
    }
    expect(bindingTarget(null)).toBe('');
    expect(describeBinding(b.binding)).toBe('Device gate-ctl');
    expect(describeBinding(null)).toBe('Not bound');
  });

  it('checks labels and entity ids as the contract does', () => {
    expect(labelProblem('Door')).toBeNull();
    expect(labelProblem('')).toMatch(/empty/);
    expect(labelProblem('x'.repeat(201))).toMatch(/200/);
    expect(labelProblem('a\tb')).toMatch(/control/);
    expect(entityIdProblem('door-12')).toBeNull();
    expect(entityIdProblem('')).toMatch(/empty/);
  });
});

describe('new overlays for shapes', () => {
  it('uses the shape id when it is free and valid', () => {
    expect(externalIdForShape('door-12', new Set())).toBe('door-12');
  });

  it('cleans ids with other characters and numbers duplicates', () => {
    expect(externalIdForShape('room 1/a', new Set())).toBe('room-1-a');
    expect(externalIdForShape('door-12', new Set(['door-12', 'door-12-2']))).toBe('door-12-3');
  });

  it('labels from the shape label, else the shape id', () => {
    expect(overlayForShape({ shapeId: 'r1', kind: 'rect', label: ' Room 1 ' }, new Set())).toEqual({
      externalId: 'r1',
      shapeId: 'r1',
      label: 'Room 1',
      binding: null,
    });
    expect(overlayForShape({ shapeId: 'r2', label: null }, new Set()).label).toBe('r2');
  });
});

describe('filterOverlays', () => {
  it('matches label, ids and binding target, case-insensitively', () => {
    expect(filterOverlays([a, b, c], 'GATE', false)).toEqual([b]);
    expect(filterOverlays([a, b, c], 'u-4', false)).toEqual([c]);
    expect(filterOverlays([a, b, c], 'sa', false)).toEqual([a]);
    expect(filterOverlays([a, b, c], '  ', false)).toEqual([a, b, c]);
  });

  it('can show only unbound overlays', () => {
    expect(filterOverlays([a, b, c], '', true)).toEqual([a]);
  });
});
