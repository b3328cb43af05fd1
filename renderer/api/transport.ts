/**
 * How calls and live updates travel: Electron IPC in the desktop app, HTTP + SSE in a browser.
 * Transports deal in `unknown`; the typed client sits on top.
 */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  /** Resolves to the method's output or rejects with an ApiError. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Returns a function that ends the subscription. */
  subscribe(topic: string, listener: (payload: unknown) => void): () => void;
  /** A stored snapshot or clip by its SHA-256; rejects with an ApiError (`not_found`, `unavailable`…). */
  readMedia(sha256: string): Promise<Blob>;
}
