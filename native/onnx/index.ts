export { openOnnxEmbedder, type OnnxEmbedder, type OnnxEmbedderOptions } from './worker-embedder.js';
export { modelFilesIn, loadTokenizer, MAX_SEQUENCE_LENGTH, type ModelFiles } from './model-files.js';
export type { WordPieceTokenizer } from './wordpiece-tokenizer.js';
