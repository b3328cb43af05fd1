import { openOnnxEmbedder } from '../../../native/onnx/index.js';
import { PoolClosedError, PoolFullError } from '../../../native/worker/index.js';
import { OutpostError } from '../../contract/index.js';
import { DEFAULT_DIMENSIONS, type Embedder, type EmbedderLogger } from './embedder.js';
import { createHashedNgramEmbedder } from './hashed-ngram-embedder.js';

export interface CreateEmbedderOptions {
  /** From findModelDir; null means no model is installed. */
  modelDir: string | null;
  /** Width of the fallback embedder (the model's own width wins when it loads). */
  dimensions?: number;
  logger?: EmbedderLogger;
  /** ONNX Runtime threads for the model; 1 by default. */
  intraOpThreads?: number;
  /** The shared worker pool's size and bounds (config `workers.embedding`). */
  pool?: { threads: number; maxWaitingPerTenant: number; maxWaiting: number };
}

/** The pool's refusals in the API's terms: a search query answered 429 or 503 with Retry-After. */
function poolError(err: unknown): unknown {
  if (err instanceof PoolFullError) {
    const { retryAfterSeconds } = err;
    return err.scope === 'tenant'
      ? new OutpostError(
          'rate_limited',
          `Your organisation has ${err.waiting} embedding batches waiting. Try again in about ${retryAfterSeconds} s.`,
          { retryAfterSeconds, cause: err },
        )
      : new OutpostError(
          'unavailable',
          `The sentence model is as busy as it can be. Try again in about ${retryAfterSeconds} s.`,
          { retryAfterSeconds, cause: err },
        );
  }
  if (err instanceof PoolClosedError) {
    return new OutpostError('unavailable', 'Outpost is shutting down. Try again once it has restarted.', {
      cause: err,
    });
  }
  return err;
}

/**
 * The sentence model when one is installed and loads, otherwise the built-in hashed-n-gram embedder.
 * A model that fails to load is logged with the reason and never stops the Core from starting.
 */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<Embedder> {
  const fallbackDimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
  const { modelDir, logger } = options;
  if (modelDir === null) {
    logger?.info(
      { embedder: 'hashed-ngram', dimensions: fallbackDimensions },
      'No sentence model installed: using the built-in hashed-n-gram embedder',
    );
    return createHashedNgramEmbedder(fallbackDimensions);
  }
  try {
    const onnx = await openOnnxEmbedder({
      modelDir,
      ...(options.intraOpThreads === undefined ? {} : { intraOpThreads: options.intraOpThreads }),
      ...options.pool,
    });
    logger?.info(
      { embedder: 'onnx', modelDir, modelFile: onnx.modelFile, dimensions: onnx.dimensions },
      'Sentence model loaded',
    );
    return {
      kind: 'onnx',
      dimensions: onnx.dimensions,
      modelDir,
      embed: (texts, tenantId) =>
        onnx.embed(texts, tenantId).catch((err: unknown) => {
          throw poolError(err);
        }),
      close: () => onnx.close(),
    };
  } catch (err) {
    logger?.warn(
      { embedder: 'hashed-ngram', modelDir, err: err instanceof Error ? err.message : String(err) },
      'The sentence model could not be loaded: using the built-in hashed-n-gram embedder',
    );
    return createHashedNgramEmbedder(fallbackDimensions);
  }
}
