/** Messages between the embedder (main thread) and its worker thread. */

export interface EmbedWorkerData {
  modelDir: string;
  intraOpThreads: number;
}

export type ToWorker = { type: 'embed'; id: number; texts: string[] } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; dimensions: number; modelFile: string }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; vectors: Float32Array }
  | { type: 'error'; id: number; message: string }
  | { type: 'closed' };
