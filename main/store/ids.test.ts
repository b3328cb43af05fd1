import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('store ids', () => {
  it('are ULIDs of now that sort in the order they were made, and never repeat', () => {
    const before = Date.now();
    // More ids than one pool of random bytes serves, across several milliseconds.
    const ids: string[] = [];
    while (ids.length < 20_000 || Date.now() - before < 5) ids.push(newId());
    for (const id of ids) expect(id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(decodeTime(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(ids.at(-1)!)).toBeLessThanOrEqual(Date.now());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draw their random part afresh each millisecond', () => {
    const randomParts = new Set<string>();
    let last = '';
    while (randomParts.size < 50) {
      const id = newId();
      if (id.slice(0, 10) !== last.slice(0, 10)) randomParts.add(id.slice(10, 18));
      last = id;
    }
    // 50 draws of 40 random bits: a repeat would mean the pool hands out the same bytes again.
    expect(randomParts.size).toBe(50);
  });
});
