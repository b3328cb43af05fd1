import { startModuleWorker, type Worker } from '../worker/index.js';
import type { EmbedWorkerData, FromWorker, ToWorker } from './embed-messages.js';

export interface OnnxEmbedderOptions {
  /** Folder with `model_quantized.onnx` (or `model.onnx`) and the tokenizer files. */
  modelDir: string;
  /** ONNX Runtime intra-op threads; 1 by default so embedding leaves the other cores to the pipeline. */
  intraOpThreads?: number;
  /** Most texts run together in one inference. */
  maxBatch?: number;
  /**
   * How long a request waits for others before it runs while the worker is idle. 0 (the default) sends
   * it on the next turn of the event loop, so callers of the same turn share a batch and a lone request
   * pays no delay; requests that arrive while a batch runs queue and go together when it finishes.
   */
  batchWindowMs?: number;
}

export interface OnnxEmbedder {
  dimensions: number;
  modelFile: string;
  /** Unit-length sentence vectors, one per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Stops the worker; pending requests fail. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;

interface Pending {
  text: string;
  resolve(vector: Float32Array): void;
  reject(err: Error): void;
}

function later(run: () => void, ms: number): { cancel(): void } {
  if (ms > 0) {
    const handle = setTimeout(run, ms);
    return { cancel: () => clearTimeout(handle) };
  }
  const handle = setImmediate(run);
  return { cancel: () => clearImmediate(handle) };
}

function waitUntilReady(worker: Worker): Promise<{ dimensions: number; modelFile: string }> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(message.message));
      else return;
      cleanup();
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`The embedding worker exited (code ${code}) before loading the model.`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/**
 * Sentence embeddings from a BERT-style ONNX model run in a worker thread. Requests from any number of
 * callers are batched (see `batchWindowMs`; at most `maxBatch` texts per inference), which costs less
 * per text than one run each; one batch runs at a time.
 */
export async function openOnnxEmbedder(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
  const maxBatch = Math.max(1, options.maxBatch ?? 16);
  const batchWindowMs = Math.max(0, options.batchWindowMs ?? 0);
  const data: EmbedWorkerData = {
    modelDir: options.modelDir,
    intraOpThreads: Math.max(1, options.intraOpThreads ?? 1),
  };
  const worker = startModuleWorker(import.meta.url, 'embed-worker', { workerData: data });
  let ready: { dimensions: number; modelFile: string };
  try {
    ready = await waitUntilReady(worker);
  } catch (err) {
    await worker.terminate();
    throw new Error(`Cannot load the embedding model from ${options.modelDir}: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const queue: Pending[] = [];
  const inFlight = new Map<number, Pending[]>();
  let nextId = 1;
  let timer: { cancel(): void } | null = null;
  let failure: Error | null = null;

  function send(message: ToWorker): void {
    worker.postMessage(message);
  }

  function flush(): void {
    timer?.cancel();
    timer = null;
    if (inFlight.size > 0 || queue.length === 0 || failure) return;
    const batch = queue.splice(0, maxBatch);
    const id = nextId++;
    inFlight.set(id, batch);
    send({ type: 'embed', id, texts: batch.map((p) => p.text) });
  }

  function schedule(): void {
    if (queue.length >= maxBatch) flush();
    else if (!timer && inFlight.size === 0) timer = later(flush, batchWindowMs);
  }

  function failAll(err: Error): void {
    failure ??= err;
    for (const batch of inFlight.values()) for (const p of batch) p.reject(err);
    inFlight.clear();
    for (const p of queue.splice(0)) p.reject(err);
    timer?.cancel();
    timer = null;
  }

  worker.on('message', (message: FromWorker) => {
    if (message.type !== 'result' && message.type !== 'error') return;
    const batch = inFlight.get(message.id);
    inFlight.delete(message.id);
    if (!batch) return;
    if (message.type === 'error') {
      const err = new Error(`Embedding failed: ${message.message}`);
      for (const p of batch) p.reject(err);
    } else {
      const dims = ready.dimensions;
      batch.forEach((p, i) => p.resolve(message.vectors.slice(i * dims, (i + 1) * dims)));
    }
    // Whatever queued while this batch ran has already waited long enough.
    flush();
  });
  worker.on('error', (err) => failAll(new Error(`The embedding worker crashed: ${err.message}`, { cause: err })));
  worker.on('exit', (code) => failAll(new Error(`The embedding worker stopped (exit code ${code}).`)));

  return {
    dimensions: ready.dimensions,
    modelFile: ready.modelFile,
    embed(texts) {
      if (failure) return Promise.reject(failure);
      const vectors = texts.map(
        (text) => new Promise<Float32Array>((resolve, reject) => queue.push({ text, resolve, reject })),
      );
      schedule();
      return Promise.all(vectors);
    },
    async close() {
      if (failure) return;
      failAll(new Error('The embedder is closed.'));
      const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      send({ type: 'close' });
      // A worker stuck in a native call cannot read the close message: stop it after a grace period.
      const grace = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
    },
  };
}
