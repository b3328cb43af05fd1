import { describe, expect, it } from 'vitest';
import { createHashedNgramEmbedder } from './index.js';

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

describe('hashed-n-gram embedder (the built-in fallback)', () => {
  const embedder = createHashedNgramEmbedder();

  it('has 384 dimensions by default, like all-MiniLM-L6-v2, and says what it is', () => {
    expect(embedder.kind).toBe('hashed-ngram');
    expect(embedder.dimensions).toBe(384);
    expect(embedder.modelDir).toBeNull();
    expect(createHashedNgramEmbedder(64).dimensions).toBe(64);
  });

  it('returns unit vectors, also for empty text', async () => {
    const vectors = await embedder.embed(['Camera 3 went offline', '', '   ', '🦜'], 't1');
    for (const v of vectors) {
      expect(v).toHaveLength(384);
      expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic across calls and instances', async () => {
    const [a] = await embedder.embed(['disk /dev/sda1 is 95% full'], 't1');
    const [b] = await createHashedNgramEmbedder().embed(['disk /dev/sda1 is 95% full'], 't1');
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('places near-duplicate messages closer together than unrelated ones', async () => {
    const [offline, offlineAgain, offlineOtherCam, diskFull, login] = await embedder.embed(
      [
        'Camera front-gate went offline: connection timed out after 30 s',
        'camera front-gate went offline: connection timed out after 31 s',
        'Camera loading-dock went offline: connection timed out after 30 s',
        'Disk /var/lib/outpost is 97% full, 1.2 GB left',
        'User alice@example.com signed in from 10.0.0.7',
      ],
      't1',
    );
    const near = cosine(offline!, offlineAgain!);
    const sameTemplate = cosine(offline!, offlineOtherCam!);
    expect(near).toBeGreaterThan(0.9);
    expect(sameTemplate).toBeGreaterThan(0.6);
    for (const unrelated of [diskFull!, login!]) {
      expect(cosine(offline!, unrelated)).toBeLessThan(0.3);
      expect(sameTemplate).toBeGreaterThan(cosine(offline!, unrelated) + 0.3);
    }
  });

  it('ignores case and runs of whitespace', async () => {
    const [a, b] = await embedder.embed(['Door  4 FORCED open', 'door 4 forced\topen'], 't1');
    expect(cosine(a!, b!)).toBeCloseTo(1, 5);
  });

  it('keeps word order: swapped words are close but not identical', async () => {
    const [a, b] = await embedder.embed(['power restored gate lost', 'gate lost power restored'], 't1');
    const similarity = cosine(a!, b!);
    expect(similarity).toBeLessThan(0.99);
    expect(similarity).toBeGreaterThan(0.6);
  });
});
