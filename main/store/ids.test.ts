import { decodeTime } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from './ids.js';

describe('store ids', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

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

  it('keep their order when the clock stands still for thousands of ids or steps back', () => {
    const at = Date.now() + 60_000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(at);
    // Enough ids in one millisecond that the last random digits carry many times.
    const ids = Array.from({ length: 5_000 }, () => newId());
    clock.mockReturnValue(at - 1_000);
    ids.push(newId(), newId());
    clock.mockReturnValue(at + 1);
    ids.push(newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(decodeTime(ids.at(-2)!)).toBe(at);
    expect(decodeTime(ids.at(-1)!)).toBe(at + 1);
  });
});
