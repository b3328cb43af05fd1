import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEQUENCE_LENGTH, openOnnxEmbedder, type OnnxEmbedder } from './index.js';

// A 2-layer, 32-wide BERT with random weights and the real all-MiniLM-L6-v2 tokenizer: fast, same code path.
const MODEL_DIR = new URL('../../../shared/models/bert-tiny-random/', import.meta.url).pathname;

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('ONNX sentence embedder in a worker thread', () => {
  let embedder: OnnxEmbedder;
  beforeAll(async () => {
    embedder = await openOnnxEmbedder({ modelDir: MODEL_DIR });
  });
  afterAll(async () => {
    await embedder?.close();
  });

  it('reports the width of the model output and returns one unit vector per text', async () => {
    expect(embedder.dimensions).toBe(32);
    expect(embedder.modelFile).toMatch(/model_quantized\.onnx$/);
    const vectors = await embedder.embed(['camera 3 offline', 'disk full on /var', '']);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(32);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(maxDifference(vectors[0]!, vectors[1]!)).toBeGreaterThan(0.01);
  });

  it('gives the same vector for a text whether it runs alone or padded in a batch', async () => {
    const texts = ['short', 'a much longer message about the gate controller losing power twice', 'door 4 forced'];
    const together = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      // Equal up to int8 rounding: the model's dynamic quantisation picks one activation scale per batch.
      expect(dot(alone!, together[i]!)).toBeGreaterThan(0.9999);
      expect(maxDifference(alone!, together[i]!)).toBeLessThan(2e-3);
    }
  });

  it('is deterministic, and batches concurrent callers without mixing up their answers', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `sensor ${i} reported temperature ${i * 7} degrees`);
    const first = await Promise.all(texts.map((t) => embedder.embed([t]).then((v) => v[0]!)));
    const second = await embedder.embed(texts);
    for (let i = 0; i < texts.length; i++) expect(maxDifference(first[i]!, second[i]!)).toBeLessThan(1e-4);
    expect(maxDifference(first[0]!, first[1]!)).toBeGreaterThan(0);
  });

  it('caps a long text instead of refusing it: past its first 62 word pieces, nothing changes its vector', async () => {
    const head = 'Door controller DC-04 lost power on the north gate; ' + 'retrying '.repeat(MAX_SEQUENCE_LENGTH);
    const [capped, longer, huge] = await embedder.embed([head, `${head} then gave up`, head + 'x '.repeat(500_000)]);
    expect(norm(capped!)).toBeCloseTo(1, 5);
    expect(maxDifference(capped!, longer!)).toBeLessThan(2e-3);
    expect(maxDifference(capped!, huge!)).toBeLessThan(2e-3);
  });

  it('gives the vectors it gave before length batching and the cap, for texts within the cap', async () => {
    // Made by this embedder at be9f663 (one text per call), before issue 11's changes.
    const before = JSON.parse(
      readFileSync(new URL('./test-support/vectors-before-issue-11.json', import.meta.url), 'utf8'),
    ) as Record<string, number[]>;
    const texts = Object.keys(before);
    const together = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      expect(Array.from(alone!)).toEqual(before[text]);
      // In one call, texts of near lengths share a padded run: equal up to the int8 activation scale.
      expect(maxDifference(together[i]!, Float32Array.from(before[text]!))).toBeLessThan(2e-3);
    }
  });
});

describe('sharing the worker between tenants', () => {
  it('embeds long inputs in batches and answers each caller with its own vectors', async () => {
    const embedder = await openOnnxEmbedder({ modelDir: MODEL_DIR, maxBatch: 4 });
    try {
      const texts = ['alpha door', 'bravo gate', 'charlie camera', 'delta disk', 'echo engine', 'foxtrot fan'];
      const alone = await Promise.all(texts.map((t) => embedder.embed([t], 'acme').then((v) => v[0]!)));
      const together = await embedder.embed(texts, 'acme');
      expect(together).toHaveLength(6);
      together.forEach((v, i) => expect(dot(v, alone[i]!)).toBeGreaterThan(0.999));
    } finally {
      await embedder.close();
    }
  });

  it('refuses a tenant with too many batches waiting, and still serves the others', async () => {
    const embedder = await openOnnxEmbedder({ modelDir: MODEL_DIR, maxBatch: 1, maxWaitingPerTenant: 2 });
    try {
      const calls = Array.from({ length: 6 }, (_, i) =>
        embedder.embed([`noisy tenant message ${i}`], 'noisy').then(
          () => 'ok',
          (err: unknown) => (err as Error).name,
        ),
      );
      const quiet = await embedder.embed(['quiet tenant query'], 'quiet');
      expect(norm(quiet[0]!)).toBeCloseTo(1, 5);
      const outcomes = await Promise.all(calls);
      // One running, two waiting, the rest refused at once.
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
      expect(outcomes.filter((o) => o === 'PoolFullError')).toHaveLength(3);
    } finally {
      await embedder.close();
    }
  });
});

describe('loading failures', () => {
  it('rejects a folder without a model, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-onnx-'));
    try {
      await expect(openOnnxEmbedder({ modelDir: dir })).rejects.toThrow(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a damaged model file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-onnx-'));
    try {
      copyFileSync(join(MODEL_DIR, 'vocab.txt'), join(dir, 'vocab.txt'));
      writeFileSync(join(dir, 'model.onnx'), 'not a model');
      await expect(openOnnxEmbedder({ modelDir: dir })).rejects.toThrow(/Cannot load the embedding model/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails requests after close instead of hanging', async () => {
    const embedder = await openOnnxEmbedder({ modelDir: MODEL_DIR });
    await embedder.close();
    await expect(embedder.embed(['late'])).rejects.toThrow(/closed/);
  });
});
