import { describe, expect, it } from 'vitest';
import { describeEmbedder } from './embedder-description.js';

describe('describeEmbedder', () => {
  it('names the sentence model when one runs', () => {
    expect(describeEmbedder('onnx').name).toBe('Sentence model (ONNX)');
  });

  it('says the built-in embedder is active and how to install a model', () => {
    const { name, detail } = describeEmbedder('hashed-ngram');
    expect(name).toBe('Built-in hashed-n-gram embedder');
    expect(detail).toContain('models.dir');
  });
});
