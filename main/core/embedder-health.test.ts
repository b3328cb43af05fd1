import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, loadConfig, type Core } from './index.js';

const MODEL_DIR = fileURLToPath(new URL('../../../shared/models/minilm-l6-random', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function coreWith(modelsDir: string): Promise<Core> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-embedder-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ env: {}, overrides: { dataDir, log: { level: 'silent' }, models: { dir: modelsDir } } });
  const core = await createCore({ config });
  cleanups.push(() => core.close());
  return core;
}

describe('the embedder the Core reports', () => {
  it('is the sentence model when models.dir holds one', async () => {
    expect(existsSync(MODEL_DIR), `the test model should be at ${MODEL_DIR}`).toBe(true);
    const core = await coreWith(MODEL_DIR);
    expect(core.health().embedder).toBe('onnx');
  });

  it('is the built-in hashed-n-gram embedder when no model is found', async () => {
    const core = await coreWith('/nonexistent/model/folder');
    expect(core.health().embedder).toBe('hashed-ngram');
  });
});
