import type { InputOf, MethodName, OutputOf, TopicName, TopicPayload } from '../../main/contract/index.js';
import { createHttpTransport } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';
import type { Transport } from './transport.js';

export interface ApiClient {
  /** `ipc` in the desktop app (the main process holds the token), `http` in a browser. */
  readonly transport: Transport['kind'];
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  subscribe<T extends TopicName>(topic: T, listener: (payload: TopicPayload<T>) => void): () => void;
  /** A stored snapshot or clip (`GET /api/media/{sha256}` over HTTP; not yet over IPC). */
  readMedia(sha256: string): Promise<Blob>;
}

export interface ApiClientOptions {
  /** The bearer token for HTTP; ignored over IPC. */
  getToken?: () => string | null;
  /** Called when the server says the session is gone (401), so the app can show the login page. */
  onUnauthenticated?: () => void;
  /** Defaults to `window.outpost` when the preload script provided it. */
  bridge?: Window['outpost'];
  /** Defaults to the page's origin: `outpost serve` serves the API and the app together. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** The one way the renderer talks to Outpost; pages never see which transport is underneath. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const onUnauthenticated = options.onUnauthenticated ?? (() => {});
  const bridge = 'bridge' in options ? options.bridge : globalThis.window?.outpost;
  const transport = bridge
    ? createIpcTransport(bridge, onUnauthenticated)
    : createHttpTransport({
        // Not document.baseURI: with path routing that is the current page (`/settings/sites`).
        baseUrl: options.baseUrl ?? `${globalThis.location.origin}/`,
        getToken: options.getToken ?? (() => null),
        onUnauthenticated,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });

  return {
    transport: transport.kind,
    call: (method, input) => transport.call(method, input) as Promise<OutputOf<typeof method>>,
    subscribe: (topic, listener) => transport.subscribe(topic, listener as (payload: unknown) => void),
    readMedia: (sha256) => transport.readMedia(sha256),
  };
}
