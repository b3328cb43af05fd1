import type { HealthReport } from '../../main/contract/index.js';

/** What the active embedder means for the user, and what they can do about it. */
export function describeEmbedder(kind: HealthReport['embedder']): { name: string; detail: string } {
  if (kind === 'onnx') {
    return {
      name: 'Sentence model (ONNX)',
      detail: 'New templates and search queries are embedded with the installed sentence model.',
    };
  }
  return {
    name: 'Built-in hashed-n-gram embedder',
    detail:
      'No sentence model was found, so similar messages are matched by their character patterns only. ' +
      'For grouping and search by meaning, put all-MiniLM-L6-v2 (model_quantized.onnx and its tokenizer files) ' +
      'in the models folder (the models.dir setting) and restart Outpost.',
  };
}
