/** What the embedding pool's workers are started with, and the job they run. */

export interface EmbedWorkerData {
  modelDir: string;
  intraOpThreads: number;
}

/** One batch of texts, embedded in runs of near-equal token lengths (length-batches.ts). */
export interface EmbedJob {
  texts: string[];
}

/** Sent when a worker is ready: the model's output width and the file it loaded. */
export interface EmbedWorkerInfo {
  dimensions: number;
  modelFile: string;
}
