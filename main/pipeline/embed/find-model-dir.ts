import { join } from 'node:path';
import { modelFilesIn } from '../../../native/onnx/index.js';

/** The folder name of the product's sentence model under resources/ and the user data folder. */
export const MODEL_FOLDER_NAME = 'all-MiniLM-L6-v2';

export interface FindModelDirOptions {
  /** The folder set in Settings (`models.dir`), tried first. */
  configured?: string;
  /** The app's resources folder: `<resourcesDir>/models/all-MiniLM-L6-v2/`. */
  resourcesDir?: string;
  /** The user data folder: `<dataDir>/models/all-MiniLM-L6-v2/`. */
  dataDir?: string;
}

/**
 * The first folder, in the order of DESIGN.md "Embeddings", that holds a model file and its tokenizer;
 * null when none does. A folder with tokenizer files only (resources/ ships them without weights) does
 * not count, so the lookup moves on to the next place.
 */
export function findModelDir(options: FindModelDirOptions): string | null {
  const candidates = [
    options.configured,
    options.resourcesDir === undefined ? undefined : join(options.resourcesDir, 'models', MODEL_FOLDER_NAME),
    options.dataDir === undefined ? undefined : join(options.dataDir, 'models', MODEL_FOLDER_NAME),
  ];
  for (const dir of candidates) {
    if (dir && modelFilesIn(dir)) return dir;
  }
  return null;
}
