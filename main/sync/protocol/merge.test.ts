import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual, mergeThreeWay } from './merge.js';

describe('three-way merge of documents', () => {
  const base = { name: 'Gate', enabled: true, config: { url: 'mqtt://a', topics: ['x'] } };

  it('takes each side’s changes to different fields', () => {
    const local = { ...base, name: 'Gate north' };
    const hub = { ...base, config: { ...base.config, url: 'mqtt://b' } };
    expect(mergeThreeWay(base, local, hub)).toEqual({
      merged: { name: 'Gate north', enabled: true, config: { url: 'mqtt://b', topics: ['x'] } },
      conflicts: [],
    });
  });

  it('lists a field both changed differently and keeps this side’s value', () => {
    const local = { ...base, config: { ...base.config, url: 'mqtt://site' } };
    const hub = { ...base, config: { ...base.config, url: 'mqtt://hub' }, enabled: false };
    const result = mergeThreeWay(base, local, hub);
    expect(result.conflicts).toEqual(['config.url']);
    expect(result.merged).toEqual({ ...base, enabled: false, config: { ...base.config, url: 'mqtt://site' } });
  });

  it('agrees when both made the same change, and compares arrays whole', () => {
    const local = { ...base, config: { ...base.config, topics: ['x', 'y'] } };
    expect(mergeThreeWay(base, local, structuredClone(local)).conflicts).toEqual([]);
    const hub = { ...base, config: { ...base.config, topics: ['z'] } };
    expect(mergeThreeWay(base, local, hub).conflicts).toEqual(['config.topics']);
  });

  it('treats a delete against an edit as a conflict of the whole document', () => {
    expect(mergeThreeWay(base, null, { ...base, name: 'B' })).toEqual({ merged: null, conflicts: [''] });
    expect(mergeThreeWay(base, null, base)).toEqual({ merged: null, conflicts: [] });
  });

  it('merges documents that never had a common version field by field', () => {
    const result = mergeThreeWay(null, { overlays: { a: { label: 'A' } } }, { overlays: { b: { label: 'B' } } });
    expect(result).toEqual({ merged: { overlays: { a: { label: 'A' }, b: { label: 'B' } } }, conflicts: [] });
  });

  it('keeps a key named __proto__ as data and never touches a prototype', () => {
    const local = JSON.parse('{"config":{"__proto__":{"polluted":1}}}') as unknown;
    const result = mergeThreeWay({}, local, { other: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(result.merged)).toBe('{"config":{"__proto__":{"polluted":1}},"other":1}');
  });

  const json = fc.jsonValue({ maxDepth: 3 });
  it('is symmetric in which fields conflict, and returns a side unchanged when the other did not change', () => {
    fc.assert(
      fc.property(json, json, json, (b, l, r) => {
        const one = mergeThreeWay(b, l, r);
        const two = mergeThreeWay(b, r, l);
        expect([...one.conflicts].sort()).toEqual([...two.conflicts].sort());
        if (one.conflicts.length === 0) expect(jsonEqual(one.merged, two.merged)).toBe(true);
        expect(jsonEqual(mergeThreeWay(b, b, r).merged, r ?? null)).toBe(true);
        expect(jsonEqual(mergeThreeWay(b, l, b).merged, l ?? null)).toBe(true);
      }),
    );
  });
});
