import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findModelDir } from './index.js';

const SHARED_MODEL = new URL('../../../../shared/models/bert-tiny-random/', import.meta.url).pathname;

describe('findModelDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'outpost-models-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function modelFolder(path: string, files: string[]): string {
    mkdirSync(path, { recursive: true });
    for (const f of files) copyFileSync(join(SHARED_MODEL, f), join(path, f));
    return path;
  }
  const complete = ['model_quantized.onnx', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json'];

  it('finds nothing when no folder holds a model', () => {
    expect(findModelDir({})).toBeNull();
    expect(findModelDir({ configured: join(root, 'missing'), resourcesDir: root, dataDir: root })).toBeNull();
  });

  it('prefers the configured folder, then resources, then the data folder', () => {
    const configured = modelFolder(join(root, 'mine'), complete);
    const resources = join(root, 'resources');
    const data = join(root, 'data');
    const inResources = modelFolder(join(resources, 'models', 'all-MiniLM-L6-v2'), complete);
    const inData = modelFolder(join(data, 'models', 'all-MiniLM-L6-v2'), complete);
    expect(findModelDir({ configured, resourcesDir: resources, dataDir: data })).toBe(configured);
    expect(findModelDir({ resourcesDir: resources, dataDir: data })).toBe(inResources);
    expect(findModelDir({ configured: join(root, 'missing'), dataDir: data })).toBe(inData);
  });

  it('skips a folder with tokenizer files but no weights (how resources/ ships)', () => {
    const resources = join(root, 'resources');
    modelFolder(join(resources, 'models', 'all-MiniLM-L6-v2'), [
      'vocab.txt',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const inData = modelFolder(join(root, 'data', 'models', 'all-MiniLM-L6-v2'), complete);
    expect(findModelDir({ resourcesDir: resources, dataDir: join(root, 'data') })).toBe(inData);
  });

  it('skips a folder with a model but no tokenizer', () => {
    const dir = modelFolder(join(root, 'weights-only'), ['model_quantized.onnx']);
    expect(findModelDir({ configured: dir })).toBeNull();
  });

  it('accepts model.onnx and the Hugging Face layout with the model under onnx/', () => {
    const plain = modelFolder(join(root, 'plain'), ['vocab.txt']);
    writeFileSync(join(plain, 'model.onnx'), 'x');
    expect(findModelDir({ configured: plain })).toBe(plain);
    const hf = modelFolder(join(root, 'hf'), ['tokenizer.json']);
    modelFolder(join(hf, 'onnx'), ['model_quantized.onnx']);
    expect(findModelDir({ configured: hf })).toBe(hf);
  });
});
