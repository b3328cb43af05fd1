import type { ErrorCode } from '../../main/contract/index.js';
import { ApiError, codeForStatus, isApiErrorBody } from './api-error.js';
import { EventStream } from './event-stream.js';
import type { Transport } from './transport.js';

export interface HttpTransportOptions {
  /** Where the app was loaded from; the API lives beside it (`api/rpc/…`). */
  baseUrl: string;
  getToken: () => string | null;
  /** A 401 from any call except a login attempt. */
  onUnauthenticated: () => void;
  fetch?: typeof fetch;
}

/** Calls over `POST /api/rpc/{method}`, live updates over `GET /api/events` (SSE). */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const origin = new URL(options.baseUrl).origin;
  const events = new EventStream({
    url: new URL('api/events', options.baseUrl).href,
    getToken: options.getToken,
    onUnauthenticated: options.onUnauthenticated,
    fetch: doFetch,
  });

  async function call(method: string, input: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const token = options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(new URL(`api/rpc/${encodeURIComponent(method)}`, options.baseUrl).href, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      });
    } catch (cause) {
      throw new ApiError('unavailable', `Cannot reach Outpost at ${origin} — is \`outpost serve\` running?`, {
        cause,
      });
    }
    const body = await readJson(response);
    if (response.ok) return body;
    const error = isApiErrorBody(body)
      ? ApiError.fromBody(body.error, response.headers.get('Retry-After'))
      : new ApiError(codeForStatus(response.status), unexpectedAnswer(response.status, origin));
    if (error.code === 'unauthenticated' && method !== 'auth.login') options.onUnauthenticated();
    throw error;
  }

  /** `<img>` cannot send the bearer header, so media is fetched here and handed out as a Blob. */
  async function readMedia(sha256: string): Promise<Blob> {
    const headers: Record<string, string> = {};
    const token = options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      // The server marks media private and immutable: the browser's cache may answer.
      response = await doFetch(new URL(`api/media/${encodeURIComponent(sha256)}`, options.baseUrl).href, { headers });
    } catch (cause) {
      throw new ApiError('unavailable', `Cannot reach Outpost at ${origin} — is \`outpost serve\` running?`, {
        cause,
      });
    }
    if (response.ok) return response.blob();
    const body = await readJson(response);
    const error = isApiErrorBody(body)
      ? ApiError.fromBody(body.error, response.headers.get('Retry-After'))
      : new ApiError(codeForStatus(response.status), unexpectedAnswer(response.status, origin));
    if (error.code === 'unauthenticated') options.onUnauthenticated();
    throw error;
  }

  return {
    kind: 'http',
    call,
    subscribe: (topic, listener) => events.subscribe(topic, listener),
    readMedia,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unexpectedAnswer(status: number, origin: string): string {
  const code: ErrorCode = codeForStatus(status);
  if (code === 'unavailable')
    return `Outpost at ${origin} is not answering (HTTP ${status}) — is \`outpost serve\` running? Try again in a moment.`;
  return `Outpost at ${origin} answered HTTP ${status} without an explanation. Try again; if it persists, check the server log.`;
}
