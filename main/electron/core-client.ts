import { OutpostError, type RpcResult, type TopicName } from '../contract/index.js';
import type { CoreReply, CoreRequest, ErrorBody, PortLike } from './core-messages.js';

export interface SubscriptionHandlers {
  onEvent(topic: TopicName, payload: unknown): void;
  /** The Core ended the subscription itself (session expired, core stopped). */
  onEnd(error: ErrorBody): void;
}

export type SubscribeResult = { ok: true; unsubscribe: () => void } | { ok: false; error: ErrorBody };

export interface CoreClientOptions {
  /** How long one call may take once sent. */
  timeoutMs?: number;
}

type Pending = { resolve: (result: RpcResult) => void; timer: ReturnType<typeof setTimeout> };
type RequestWithoutId = CoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The main process's end of the MessagePort to the Core: request ids, timeouts, subscriptions.
 * It never throws or rejects for a failed call; failures come back as `{ ok: false, error }`,
 * the same shape the renderer receives.
 */
export class CoreClient {
  private readonly timeoutMs: number;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Map<string, SubscriptionHandlers>();
  private nextId = 1;
  private nextSubId = 1;
  private failure: ErrorBody | undefined;
  private markReady!: (notices: readonly string[]) => void;
  private markFailed!: (error: ErrorBody) => void;
  /** Resolves when the Core has opened its store, with what the user should be told; rejects with its startup error. */
  readonly ready: Promise<readonly string[]>;

  constructor(
    private readonly port: PortLike,
    options: CoreClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ready = new Promise<readonly string[]>((resolve, reject) => {
      this.markReady = resolve;
      this.markFailed = (error) => reject(new OutpostError(error.code, error.message));
    });
    // Callers who never await `ready` still learn of failures through their calls.
    this.ready.catch(() => {});
    port.on('message', (event) => this.receive(event.data));
  }

  call(method: string, input: unknown, token: string | undefined): Promise<RpcResult> {
    return this.request({ type: 'call', method, input, ...(token ? { token } : {}) });
  }

  /** Which file a signed media link opens (see media-handler.ts): `{ path, sha256, contentType, size, fileName }`. */
  mediaFile(mediaId: string, link: string): Promise<RpcResult> {
    return this.request({ type: 'media', mediaId, link });
  }

  /** Where the export a signed link names was written (see media-handler.ts): `{ path, fileName, size }`. */
  exportFile(exportId: string, link: string): Promise<RpcResult> {
    return this.request({ type: 'export', exportId, link });
  }

  async subscribe(token: string, topics: TopicName[], handlers: SubscriptionHandlers): Promise<SubscribeResult> {
    const subId = `s${this.nextSubId++}`;
    // Registered first: events may follow the reply immediately.
    this.subscriptions.set(subId, handlers);
    const result = await this.request({ type: 'subscribe', subId, token, topics });
    if (!result.ok) {
      this.subscriptions.delete(subId);
      return result;
    }
    if (!this.subscriptions.has(subId)) {
      return { ok: false, error: unavailable('The live-update feed ended before it started. Try again.') };
    }
    return {
      ok: true,
      unsubscribe: () => {
        if (!this.subscriptions.delete(subId) || this.failure) return;
        this.post({ type: 'unsubscribe', subId });
      },
    };
  }

  /** Asks the Core to close its store; resolves when it did, or after `timeoutMs` regardless. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.failure) return;
    await this.request({ type: 'close' }, timeoutMs);
    this.fail(unavailable('Outpost is shutting down. Start it again to continue.'));
  }

  /** The Core process is gone: every waiting and future call fails with `error`. */
  fail(error: ErrorBody): void {
    if (this.failure) return;
    this.failure = error;
    this.markFailed(error);
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.resolve({ ok: false, error });
    }
    for (const [subId, handlers] of this.subscriptions) {
      this.subscriptions.delete(subId);
      handlers.onEnd(error);
    }
  }

  private async request(message: RequestWithoutId, timeoutMs = this.timeoutMs): Promise<RpcResult> {
    try {
      await this.ready;
    } catch {
      // fall through: `failure` holds the reason
    }
    if (this.failure) return { ok: false, error: this.failure };
    const id = this.nextId++;
    return new Promise<RpcResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({
          ok: false,
          error: unavailable(
            `The Outpost core did not answer within ${Math.round(timeoutMs / 1000)} s. Try again; if it keeps happening, restart Outpost.`,
          ),
        });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      if (!this.post({ ...message, id } as CoreRequest)) {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve({ ok: false, error: unavailable('Outpost could not reach its core. Restart Outpost.') });
      }
    });
  }

  private post(message: CoreRequest): boolean {
    try {
      this.port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  }

  private receive(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const message = data as CoreReply;
    switch (message.type) {
      case 'ready':
        this.markReady(message.notices ?? []);
        return;
      case 'fatal':
        this.fail(message.error);
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        pending.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
        return;
      }
      case 'event':
        this.subscriptions.get(message.subId)?.onEvent(message.topic, message.payload);
        return;
      case 'subscription-ended': {
        const handlers = this.subscriptions.get(message.subId);
        if (!handlers) return;
        this.subscriptions.delete(message.subId);
        handlers.onEnd(message.error);
        return;
      }
    }
  }
}

function unavailable(message: string): ErrorBody {
  return new OutpostError('unavailable', message).toBody().error;
}
