import type { ApiErrorBody } from './errors.js';

/** What a call over the Electron bridge resolves to; errors travel as data, not as thrown Errors. */
export type RpcResult = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody['error'] };

/**
 * `window.outpost`, exposed by the preload script in the desktop app. Absent in a browser,
 * where the renderer talks HTTP + SSE instead.
 */
export interface OutpostBridge {
  call(method: string, input: unknown): Promise<RpcResult>;
  /** Returns a function that ends the subscription. */
  subscribe(topic: string, listener: (payload: unknown) => void): () => void;
}
