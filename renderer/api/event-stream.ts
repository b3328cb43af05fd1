import { backoffDelay } from './backoff.js';
import { createSseParser } from './sse-parser.js';

export interface EventStreamOptions {
  /** Absolute URL of `/api/events`. */
  url: string;
  getToken: () => string | null;
  onUnauthenticated: () => void;
  fetch?: typeof fetch;
  /** Injected by tests. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

type Listener = (payload: unknown) => void;

/**
 * One SSE connection carrying every topic the page listens to: browsers allow only six
 * HTTP/1.1 connections per host, so one stream per subscription would starve the API calls.
 * The connection is reopened (with backoff) whenever it drops or the set of topics changes.
 */
export class EventStream {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly options: Required<EventStreamOptions>;
  private controller: AbortController | null = null;
  private timer: unknown = null;
  private restartQueued = false;
  private attempt = 0;
  private serverRetryMs: number | null = null;

  constructor(options: EventStreamOptions) {
    this.options = {
      fetch: (...args) => globalThis.fetch(...args),
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    const isNewTopic = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    if (isNewTopic) this.queueRestart();
    return () => {
      const current = this.listeners.get(topic);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(topic);
      this.queueRestart();
    };
  }

  /** Topics currently listened to, for tests and diagnostics. */
  get topics(): string[] {
    return [...this.listeners.keys()].sort();
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }

  // Several components subscribing during one render should cause one reconnect, not several.
  private queueRestart(): void {
    if (this.restartQueued) return;
    this.restartQueued = true;
    queueMicrotask(() => {
      this.restartQueued = false;
      this.stop();
      this.attempt = 0;
      if (this.listeners.size > 0) void this.connect();
    });
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.timer !== null) this.options.clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleReconnect(): void {
    if (this.listeners.size === 0) return;
    const delay = this.serverRetryMs ?? backoffDelay(this.attempt);
    this.attempt++;
    this.timer = this.options.setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const token = this.options.getToken();
    const url = `${this.options.url}?topics=${this.topics.map(encodeURIComponent).join(',')}`;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const response = await this.options.fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        this.options.onUnauthenticated();
        return; // no point retrying with a token the server refused
      }
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      this.attempt = 0;
      await this.read(response.body, controller.signal);
    } catch {
      // Dropped or refused: fall through to the reconnect below.
    }
    if (!controller.signal.aborted && this.controller === controller) {
      this.controller = null;
      this.scheduleReconnect();
    }
  }

  private async read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const parser = createSseParser(
      (event) => this.deliver(event.event, event.data),
      (ms) => {
        this.serverRetryMs = ms;
      },
    );
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      while (!signal.aborted) {
        const { value, done } = await reader.read();
        if (done) break;
        // `stream: true` keeps a multi-byte character split across chunks intact.
        parser.push(decoder.decode(value, { stream: true }));
      }
    } finally {
      parser.end();
      reader.cancel().catch(() => {});
    }
  }

  private deliver(eventName: string, data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // not one of ours
    }
    let topic = eventName;
    // Also accept an unnamed event whose data says which topic it belongs to.
    if (topic === 'message' && isEnvelope(payload)) {
      topic = payload.topic;
      payload = payload.payload;
    }
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`A listener for ${topic} failed`, err);
      }
    }
  }
}

function isEnvelope(value: unknown): value is { topic: string; payload: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { topic?: unknown }).topic === 'string';
}
