import { describe, expect, it } from 'vitest';
import type { LegendEntry, Overlay } from '../../../main/contract/index.js';
import { diffShapeStyles, ShapePainter, shapeStyles, type PaintTarget, type ShapeStyle } from './shape-styles.js';

const LEGEND: LegendEntry[] = [
  { status: 'ok', label: 'OK', color: '#2e7d32', text: '#ffffff' },
  { status: 'alarm', label: 'Alarm', color: '#c62828', text: '#ffffff' },
  { status: 'unknown', label: 'Unknown', color: '#9e9e9e', text: '#000000' },
];

function overlay(externalId: string, shapeId: string | null = externalId): Overlay {
  return { externalId, shapeId, label: `Label ${externalId}`, binding: null };
}

describe('shapeStyles', () => {
  it('colours each shape from its overlay status, unknown when there is none', () => {
    const styles = shapeStyles({
      overlays: [overlay('a'), overlay('b'), overlay('marker', null)],
      statusByOverlay: new Map([['a', 'alarm']]),
      legend: LEGEND,
    });
    expect([...styles.keys()]).toEqual(['a', 'b']);
    expect(styles.get('a')).toMatchObject({ status: 'alarm', color: '#c62828', dimmed: false, selected: false });
    expect(styles.get('b')).toMatchObject({ status: 'unknown', color: '#9e9e9e' });
  });

  it('draws a status missing from the legend as unknown, and the first overlay of a shared shape wins', () => {
    const styles = shapeStyles({
      overlays: [overlay('a', 's'), overlay('b', 's')],
      statusByOverlay: new Map([
        ['a', 'retired-custom'],
        ['b', 'ok'],
      ]),
      legend: LEGEND,
    });
    expect(styles.get('s')).toMatchObject({ externalId: 'a', status: 'retired-custom', color: '#9e9e9e' });
  });

  it('dims filtered-out statuses and marks selected overlays', () => {
    const styles = shapeStyles({
      overlays: [overlay('a'), overlay('b')],
      statusByOverlay: new Map([
        ['a', 'ok'],
        ['b', 'alarm'],
      ]),
      legend: LEGEND,
      visibleStatuses: new Set(['alarm']),
      selected: new Set(['a']),
    });
    expect(styles.get('a')).toMatchObject({ dimmed: true, selected: true });
    expect(styles.get('b')).toMatchObject({ dimmed: false, selected: false });
  });
});

describe('diffShapeStyles', () => {
  it('lists only new and changed shapes, and shapes that lost their overlay', () => {
    const input = {
      overlays: Array.from({ length: 5000 }, (_, i) => overlay(`o${i}`)),
      statusByOverlay: new Map<string, string>(),
      legend: LEGEND,
    };
    const before = shapeStyles(input);
    const statuses = new Map([
      ['o7', 'alarm'],
      ['o4999', 'ok'],
    ]);
    const after = shapeStyles({ ...input, overlays: input.overlays.slice(1), statusByOverlay: statuses });
    const diff = diffShapeStyles(before, after);
    expect(diff.changed.map(([id]) => id)).toEqual(['o7', 'o4999']);
    expect(diff.cleared).toEqual(['o0']);
    expect(diffShapeStyles(after, after)).toEqual({ changed: [], cleared: [] });
  });
});

/** A stand-in for an SVG element: inline style properties and attributes. */
function stubElement(initial: Record<string, string> = {}) {
  const props = new Map<string, [string, string]>(Object.entries(initial).map(([k, v]) => [k, [v, '']]));
  const attrs = new Map<string, string>();
  let writes = 0;
  const el: PaintTarget & { props: typeof props; attrs: typeof attrs; writes: () => number } = {
    style: {
      setProperty: (name: string, value: string | null, priority = '') => {
        writes++;
        props.set(name, [value ?? '', priority]);
      },
      removeProperty: (name: string) => {
        writes++;
        props.delete(name);
        return '';
      },
      getPropertyValue: (name: string) => props.get(name)?.[0] ?? '',
      getPropertyPriority: (name: string) => props.get(name)?.[1] ?? '',
    },
    setAttribute: (name, value) => void attrs.set(name, value),
    removeAttribute: (name) => void attrs.delete(name),
    props,
    attrs,
    writes: () => writes,
  };
  return el;
}

describe('ShapePainter', () => {
  function style(status: string, color: string, extra: Partial<ShapeStyle> = {}): ShapeStyle {
    return { externalId: 'x', label: 'X', status, color, dimmed: false, selected: false, ...extra };
  }

  it('paints fill, outline and data attributes, and touches only what changed', () => {
    const elements = new Map([
      ['a', stubElement()],
      ['b', stubElement()],
    ]);
    const painter = new ShapePainter((id) => elements.get(id) ?? null);
    const first = new Map([
      ['a', style('ok', '#2e7d32')],
      ['b', style('ok', '#2e7d32')],
      ['missing', style('ok', '#2e7d32')],
    ]);
    expect(painter.update(first)).toBe(2);
    const a = elements.get('a')!;
    expect(a.props.get('fill')).toEqual(['#2e7d32', 'important']);
    expect(a.attrs.get('data-status')).toBe('ok');

    const writesOfB = elements.get('b')!.writes();
    const second = new Map(first).set('a', style('alarm', '#c62828', { selected: true, dimmed: true }));
    expect(painter.update(second)).toBe(1);
    expect(elements.get('b')!.writes()).toBe(writesOfB);
    expect(a.props.get('fill')?.[0]).toBe('#c62828');
    expect(a.props.get('opacity')?.[0]).toBe('0.15');
    expect(a.attrs.has('data-selected')).toBe(true);
    expect(a.attrs.has('data-dimmed')).toBe(true);
  });

  it('gives a shape that lost its overlay back the look the drawing gave it', () => {
    const el = stubElement({ fill: '#abcdef' });
    const painter = new ShapePainter(() => el);
    painter.update(new Map([['a', style('alarm', '#c62828')]]));
    painter.update(new Map());
    expect(el.props.get('fill')).toEqual(['#abcdef', '']);
    expect(el.props.has('stroke')).toBe(false);
    expect(el.attrs.size).toBe(0);
  });
});
