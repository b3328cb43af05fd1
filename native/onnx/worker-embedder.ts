import { createWorkerPool } from '../worker/index.js';
import type { EmbedJob, EmbedWorkerData, EmbedWorkerInfo } from './embed-messages.js';

export interface OnnxEmbedderOptions {
  /** Folder with `model_quantized.onnx` (or `model.onnx`) and the tokenizer files. */
  modelDir: string;
  /** ONNX Runtime intra-op threads per worker; 1 by default so embedding leaves the other cores to the pipeline. */
  intraOpThreads?: number;
  /** Most texts in one pool job (one turn on the shared worker), run there in batches by token length. Default 16. */
  maxBatch?: number;
  /** Worker threads, each with the model loaded. Default 1. */
  threads?: number;
  /** Batches one tenant may have waiting; one more is refused (PoolFullError `tenant`). Default 64. */
  maxWaitingPerTenant?: number;
  /** Batches waiting over all tenants; one more is refused (PoolFullError `pool`). Default 256. */
  maxWaiting?: number;
}

export interface OnnxEmbedder {
  dimensions: number;
  modelFile: string;
  /**
   * Unit-length sentence vectors, one per text, in order. `tenant` decides whose turn it is: the texts run
   * as batches on the shared pool, so one tenant's thousands of new templates delay another's search query
   * by at most the batch running. Rejects with the pool's errors (PoolFullError when it is full).
   */
  embed(texts: string[], tenant?: string): Promise<Float32Array[]>;
  /** Stops the workers; pending requests fail. */
  close(): Promise<void>;
}

/**
 * Sentence embeddings from a BERT-style ONNX model, run on a worker pool (native/worker) whose workers each
 * load the model. The first worker is started and the model loaded before this resolves, so a model that
 * does not load is known at once.
 */
export async function openOnnxEmbedder(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
  const maxBatch = Math.max(1, options.maxBatch ?? 16);
  const threads = Math.max(1, options.threads ?? 1);
  const data: EmbedWorkerData = {
    modelDir: options.modelDir,
    intraOpThreads: Math.max(1, options.intraOpThreads ?? 1),
  };
  const pool = createWorkerPool<EmbedJob, Float32Array>({
    name: 'Embedding',
    entry: { baseUrl: import.meta.url, name: 'embed-worker', options: { workerData: data } },
    size: threads,
    maxWaitingPerTenant: options.maxWaitingPerTenant ?? 64,
    maxWaiting: options.maxWaiting ?? 256,
    typicalJobMs: 100,
  });
  let ready: EmbedWorkerInfo;
  try {
    ready = (await pool.warm()) as EmbedWorkerInfo;
  } catch (err) {
    await pool.close();
    throw new Error(`Cannot load the embedding model from ${options.modelDir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const dims = ready.dimensions;

  return {
    dimensions: dims,
    modelFile: ready.modelFile,
    async embed(texts, tenant = '') {
      const batches: string[][] = [];
      for (let i = 0; i < texts.length; i += maxBatch) batches.push(texts.slice(i, i + maxBatch));
      const out: Float32Array[] = [];
      // A wave at a time: one call never holds more places in the queue than there are threads.
      for (let i = 0; i < batches.length; i += threads) {
        const wave = batches.slice(i, i + threads);
        const results = await Promise.all(wave.map((batch) => pool.run(tenant, { texts: batch })));
        results.forEach((flat, w) => {
          for (let t = 0; t < wave[w]!.length; t++) out.push(flat.slice(t * dims, (t + 1) * dims));
        });
      }
      return out;
    },
    close: () => pool.close(),
  };
}
