import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbedder } from './index.js';

const TINY_MODEL = new URL('../../../../shared/models/bert-tiny-random/', import.meta.url).pathname;

function recordingLogger() {
  const lines: { level: 'info' | 'warn'; o: object; m?: string }[] = [];
  return {
    lines,
    info: (o: object, m?: string) => void lines.push({ level: 'info', o, m }),
    warn: (o: object, m?: string) => void lines.push({ level: 'warn', o, m }),
  };
}

describe('createEmbedder', () => {
  it('uses the built-in embedder when no model is installed, and says so', async () => {
    const logger = recordingLogger();
    const embedder = await createEmbedder({ modelDir: null, logger });
    expect(embedder.kind).toBe('hashed-ngram');
    expect(embedder.dimensions).toBe(384);
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: 'info', o: expect.objectContaining({ embedder: 'hashed-ngram' }) }),
    ]);
    await embedder.close();
  });

  it('runs the model when one is found, with the width of its output', async () => {
    const logger = recordingLogger();
    const embedder = await createEmbedder({ modelDir: TINY_MODEL, logger });
    try {
      expect(embedder.kind).toBe('onnx');
      expect(embedder.modelDir).toBe(TINY_MODEL);
      expect(embedder.dimensions).toBe(32);
      const [v] = await embedder.embed(['gate 2 lost power'], 't1');
      expect(v).toHaveLength(32);
      expect(logger.lines[0]?.level).toBe('info');
    } finally {
      await embedder.close();
    }
  });

  it('falls back, with a warning naming the folder and the reason, when the model does not load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-embed-'));
    try {
      copyFileSync(join(TINY_MODEL, 'vocab.txt'), join(dir, 'vocab.txt'));
      writeFileSync(join(dir, 'model_quantized.onnx'), 'truncated download');
      const logger = recordingLogger();
      const embedder = await createEmbedder({ modelDir: dir, dimensions: 128, logger });
      expect(embedder.kind).toBe('hashed-ngram');
      expect(embedder.dimensions).toBe(128);
      const warning = logger.lines.find((l) => l.level === 'warn');
      expect(warning?.o).toMatchObject({ modelDir: dir, err: expect.stringMatching(/.+/) });
      expect((await embedder.embed(['still works'], 't1'))[0]).toHaveLength(128);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
