import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnIndex } from './index.js';

/** Deterministic pseudo-random unit vectors (mulberry32), so failures reproduce. */
function randomUnitVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dimensions }, next);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

function l2sq(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + (x - b[i]!) ** 2, 0);
}

function exactNearest(vectors: Float32Array[], query: Float32Array, k: number): bigint[] {
  return vectors
    .map((v, i) => ({ key: BigInt(i), d: l2sq(v, query) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, k)
    .map((m) => m.key);
}

describe('approximate nearest-neighbour index (usearch HNSW, L2)', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the exact nearest neighbours on a small set, nearest first, with squared L2 distances', () => {
    const vectors = randomUnitVectors(500, 16, 7);
    const index = createAnnIndex({ dimensions: 16 });
    vectors.forEach((v, i) => index.add(BigInt(i), v));
    expect(index.size()).toBe(500);
    for (const query of randomUnitVectors(20, 16, 99)) {
      const found = index.search(query, 5);
      expect(found.keys).toEqual(exactNearest(vectors, query, 5));
      expect(found.distances[0]).toBeCloseTo(l2sq(vectors[Number(found.keys[0])]!, query), 4);
      expect([...found.distances].sort((a, b) => a - b)).toEqual(found.distances);
    }
  });

  it('returns fewer matches than asked when the index is small, and none when empty', () => {
    const index = createAnnIndex({ dimensions: 4 });
    expect(index.search(new Float32Array([1, 0, 0, 0]), 3)).toEqual({ keys: [], distances: [] });
    index.add(10n, new Float32Array([1, 0, 0, 0]));
    index.add(11n, new Float32Array([0, 1, 0, 0]));
    const found = index.search(new Float32Array([1, 0, 0, 0]), 5);
    expect(found.keys).toEqual([10n, 11n]);
    expect(found.distances[0]).toBeCloseTo(0, 6);
    expect(found.distances[1]).toBeCloseTo(2, 6);
  });

  it('replaces the vector stored under a key that is added again', () => {
    const index = createAnnIndex({ dimensions: 2 });
    index.add(1n, new Float32Array([1, 0]));
    index.add(2n, new Float32Array([0, 1]));
    index.add(1n, new Float32Array([0, -1]));
    expect(index.size()).toBe(2);
    expect(index.search(new Float32Array([0, -1]), 1).keys).toEqual([1n]);
  });

  it('adds many vectors at once, replacing keys it already holds', () => {
    const vectors = randomUnitVectors(400, 16, 21);
    const index = createAnnIndex({ dimensions: 16 });
    index.add(0n, vectors[399]!);
    index.addMany(
      vectors.map((_, i) => BigInt(i)),
      vectors,
    );
    expect(index.size()).toBe(400);
    for (const query of randomUnitVectors(10, 16, 4)) {
      expect(index.search(query, 5).keys).toEqual(exactNearest(vectors, query, 5));
    }
    expect(() => index.addMany([1n], [])).toThrow(/1 keys for 0 vectors/);
  });

  it('removes keys so they are never found again', () => {
    const vectors = randomUnitVectors(200, 8, 3);
    const index = createAnnIndex({ dimensions: 8 });
    vectors.forEach((v, i) => index.add(BigInt(i), v));
    expect(index.remove(42n)).toBe(true);
    expect(index.remove(42n)).toBe(false);
    expect(index.has(42n)).toBe(false);
    expect(index.has(41n)).toBe(true);
    expect(index.size()).toBe(199);
    const found = index.search(vectors[42]!, 10);
    expect(found.keys).not.toContain(42n);
    expect(found.keys).toHaveLength(10);
  });

  it('saves to a file and loads it back into a fresh index with the same answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-ann-'));
    folders.push(dir);
    const vectors = randomUnitVectors(300, 12, 11);
    const index = createAnnIndex({ dimensions: 12 });
    vectors.forEach((v, i) => index.add(BigInt(i) + 1_000_000_000_000n, v));
    index.remove(1_000_000_000_005n);
    const file = join(dir, 'groups.usearch');
    index.save(file);

    const loaded = createAnnIndex({ dimensions: 12 });
    loaded.load(file);
    expect(loaded.size()).toBe(299);
    expect(loaded.has(1_000_000_000_005n)).toBe(false);
    for (const query of randomUnitVectors(10, 12, 5)) {
      expect(loaded.search(query, 5)).toEqual(index.search(query, 5));
    }
  });

  it('rejects vectors of the wrong width and a saved index of another width', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-ann-'));
    folders.push(dir);
    const index = createAnnIndex({ dimensions: 3 });
    expect(() => index.add(1n, new Float32Array(4))).toThrow(/3 numbers/);
    expect(() => index.search(new Float32Array(2), 1)).toThrow(/3 numbers/);
    index.add(1n, new Float32Array([1, 0, 0]));
    index.save(join(dir, 'three.usearch'));
    expect(() => createAnnIndex({ dimensions: 5 }).load(join(dir, 'three.usearch'))).toThrow(/3-dimensional/);
  });
});
