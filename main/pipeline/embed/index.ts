export { DEFAULT_DIMENSIONS, type Embedder, type EmbedderLogger } from './embedder.js';
export { createEmbedder, type CreateEmbedderOptions } from './create-embedder.js';
export { createHashedNgramEmbedder } from './hashed-ngram-embedder.js';
export { findModelDir, MODEL_FOLDER_NAME, type FindModelDirOptions } from './find-model-dir.js';
