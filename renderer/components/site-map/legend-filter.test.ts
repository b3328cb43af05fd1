import { describe, expect, it } from 'vitest';
import { isVisible, toggleStatus } from './legend-filter.js';

const ALL = ['ok', 'warning', 'alarm'];

describe('toggleStatus', () => {
  it('hides one status from "everything", and showing it again returns to "everything"', () => {
    const hidden = toggleStatus(null, 'ok', ALL);
    expect(hidden).toEqual(new Set(['warning', 'alarm']));
    expect(toggleStatus(hidden, 'ok', ALL)).toBeNull();
  });

  it('can hide every status', () => {
    let visible: ReadonlySet<string> | null = null;
    for (const s of ALL) visible = toggleStatus(visible, s, ALL);
    expect(visible).toEqual(new Set());
    expect(isVisible(visible, 'ok')).toBe(false);
    expect(isVisible(null, 'anything')).toBe(true);
  });
});
