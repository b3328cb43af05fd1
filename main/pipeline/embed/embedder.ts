/** Turns texts into unit-length vectors for grouping and semantic search. */
export interface Embedder {
  /** `onnx`: the sentence model; `hashed-ngram`: the built-in fallback when no model is installed. */
  kind: 'onnx' | 'hashed-ngram';
  dimensions: number;
  /** The model folder in use, null for the built-in embedder. */
  modelDir: string | null;
  /**
   * One vector per text, in order. `tenantId` is whose texts these are (`''` for the installation's own):
   * the sentence model's worker is shared, and tenants take turns on it. Throws `rate_limited` or
   * `unavailable` (with retryAfterSeconds) when the worker's queue is full.
   */
  embed(texts: string[], tenantId: string): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface EmbedderLogger {
  warn(o: object, m?: string): void;
  info(o: object, m?: string): void;
}

/** all-MiniLM-L6-v2's width: the fallback matches it so vectors fit the same `vec0` columns. */
export const DEFAULT_DIMENSIONS = 384;
