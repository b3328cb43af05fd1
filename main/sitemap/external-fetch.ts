import { setTimeout as delay } from 'node:timers/promises';
import { OutpostError, type ExternalStatusConfig } from '../contract/index.js';
import { outboundRefusal, type GuardedFetch, type OutboundGuard, type OutboundResponse } from '../outbound/index.js';

/**
 * One request to an external status API: GET the URL with the auth header, within the timeout, and
 * parse the answer as JSON, through the outbound address guard. Retries and the circuit breaker wrap
 * this (external-source.ts). Error messages name the host only: the URL's query and the auth header
 * may hold secrets.
 *
 * Each failure has two messages. `message` says exactly what happened (refused connection, HTTP 404,
 * not JSON…) for admins and the server log. `publicMessage`, for everyone else, is the same whatever
 * happened before a JSON answer arrived: otherwise the form is a port scanner that tells closed,
 * open, HTTP and JSON ports apart. Only the guard's refusal is told as such (it is about the address,
 * and only an admin can lift it).
 */

/** A status list this large is a misconfigured URL (a log download, a file server), not a status API. */
export const MAX_STATUS_RESPONSE_BYTES = 16 * 1024 * 1024;

export type StatusRequest = Pick<ExternalStatusConfig, 'url' | 'authHeader' | 'timeoutMs'>;

/** Why one request failed; `retryable` when asking again soon may help (timeouts, 5xx, 429, network). */
export class StatusFetchError extends Error {
  readonly retryable: boolean;
  /** What users other than admins are told (see above). */
  readonly publicMessage: string;

  constructor(message: string, retryable: boolean, options?: ErrorOptions & { publicMessage?: string }) {
    super(message, options);
    this.name = 'StatusFetchError';
    this.retryable = retryable;
    this.publicMessage = options?.publicMessage ?? message;
  }
}

/** The one failure non-admins see for anything that went wrong before a JSON answer arrived. */
export function unusableAnswer(where: string): string {
  return `The status API at ${where} gave no usable answer. Check the URL, the auth header and that the address answers JSON; an admin sees the exact reason with Test, and in the server log.`;
}

/** What error messages and logs call the upstream: its host, never the path, query or credentials. */
export function upstreamName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

export interface StatusFetchOptions {
  /** The outbound guard's fetch: the only way out. */
  fetch: GuardedFetch;
  signal?: AbortSignal;
  maxBytes?: number;
}

export async function fetchStatusJson(request: StatusRequest, options: StatusFetchOptions): Promise<unknown> {
  const where = upstreamName(request.url);
  // About the settings, not the upstream: said as it is to everyone.
  checkRequest(request, where);
  try {
    return await fetchOnce(request, options, where);
  } catch (err) {
    if (!(err instanceof StatusFetchError)) throw err;
    const refusal = outboundRefusal(err.cause);
    // Rebuilt rather than patched: the public text is decided here, once, for every failure above.
    throw new StatusFetchError(err.message, err.retryable, {
      cause: err.cause ?? err,
      publicMessage: refusal ? refusal.message : unusableAnswer(where),
    });
  }
}

/**
 * Refuses, as bad input naming `external.url`, a URL whose host is a literal address the outbound guard
 * would refuse anyway: the form says so at once and nothing is stored. Names are checked on each connect.
 */
export function assertAllowedStatusUrl(outbound: Pick<OutboundGuard, 'literalRefusal'>, url: string): void {
  const refusal = outbound.literalRefusal(url);
  if (!refusal) return;
  throw new OutpostError('invalid_input', refusal.message, {
    issues: [{ path: 'external.url', message: `is ${refusal.kind}, which outgoing requests may not reach` }],
  });
}

/**
 * integrations.test's one direct ask, past the cache and the breaker. Admins are told what happened;
 * everyone else gets the public message, and never sooner than the request's timeout: a closed port
 * fails within a millisecond and a silent one only at the timeout, so answering at once would tell
 * them apart by the clock.
 */
export async function fetchStatusForTest(
  request: StatusRequest,
  options: { fetch: GuardedFetch; detailed: boolean },
): Promise<unknown> {
  const started = performance.now();
  try {
    return await fetchStatusJson(request, { fetch: options.fetch });
  } catch (err) {
    if (!(err instanceof StatusFetchError)) throw err;
    if (options.detailed) throw new OutpostError('unavailable', err.message);
    const wait = request.timeoutMs - (performance.now() - started);
    if (wait > 0 && !outboundRefusal(err.cause)) await delay(wait);
    throw new OutpostError('unavailable', err.publicMessage);
  }
}

async function fetchOnce(request: StatusRequest, options: StatusFetchOptions, where: string): Promise<unknown> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.authHeader) headers[request.authHeader.name] = request.authHeader.value;
  try {
    // redirect 'manual': following one would send the auth header to wherever the redirect points.
    const response = await options.fetch(request.url, { headers, signal, redirect: 'manual' });
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel().catch(() => undefined);
      throw statusFailure(response, where);
    }
    const text = await readCapped(response, where, options.maxBytes ?? MAX_STATUS_RESPONSE_BYTES);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new StatusFetchError(
        `The status API at ${where} answered, but not with JSON (${type}). Check the URL: it must point at the JSON endpoint, not a web page.`,
        false,
      );
    }
  } catch (err) {
    if (err instanceof StatusFetchError) throw err;
    if (timeout.aborted) {
      throw new StatusFetchError(
        `The status API at ${where} did not answer within ${request.timeoutMs} ms. Check that the URL is reachable from this machine, or raise the timeout.`,
        true,
        { cause: err },
      );
    }
    if (options.signal?.aborted) throw new StatusFetchError('The status request was stopped.', false, { cause: err });
    const refusal = outboundRefusal(err);
    if (refusal) throw new StatusFetchError(refusal.message, false, { cause: refusal });
    throw new StatusFetchError(
      `Could not reach the status API at ${where} (${networkReason(err)}). Check the URL and that the server is running and reachable from this machine.`,
      true,
      { cause: err },
    );
  }
}

/**
 * fetch() would refuse these too, but its messages quote the URL or the header value, secrets and
 * all; checking first keeps them out of errors and logs.
 */
function checkRequest(request: StatusRequest, where: string): void {
  const url = new URL(request.url);
  if (url.username !== '' || url.password !== '') {
    throw new StatusFetchError(
      `The status URL for ${where} holds a user name or password. Remove it from the URL and send the credentials in the auth header (for example Authorization: Basic …).`,
      false,
    );
  }
  if (request.authHeader && !/^[\t\x20-\x7e\x80-\xff]*$/.test(request.authHeader.value)) {
    throw new StatusFetchError(
      'The auth header value holds characters an HTTP header cannot carry (control characters or characters beyond Latin-1). Check the value.',
      false,
    );
  }
}

function statusFailure(response: OutboundResponse, where: string): StatusFetchError {
  const code = response.status;
  if (code >= 300 && code < 400) {
    const to = response.headers.get('location');
    const target = to === null ? '' : ` to ${upstreamName(new URL(to, response.url || 'http://x').href)}`;
    return new StatusFetchError(
      `The status API at ${where} answered with a redirect (HTTP ${code})${target}. Put the final address in the URL.`,
      false,
    );
  }
  if (code === 401 || code === 403) {
    return new StatusFetchError(
      `The status API at ${where} refused the request (HTTP ${code}). Check the auth header name and value.`,
      false,
    );
  }
  if (code === 404) {
    return new StatusFetchError(
      `The status API at ${where} answered HTTP 404 (not found). Check the path in the URL.`,
      false,
    );
  }
  const retryable = code === 408 || code === 429 || code >= 500;
  return new StatusFetchError(
    retryable
      ? `The status API at ${where} answered HTTP ${code}. The service seems to be in trouble; Outpost keeps asking and shows the last good answer meanwhile.`
      : `The status API at ${where} answered HTTP ${code}. Check the URL and the auth header.`,
    retryable,
  );
}

async function readCapped(response: OutboundResponse, where: string, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new StatusFetchError(
      `The status API at ${where} answered with more than ${Math.round(maxBytes / 1_048_576)} MB. Check that the URL points at the status list.`,
      false,
    );
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * "ECONNREFUSED", "ENOTFOUND", …: undici hides the reason in `cause`. Only the code is shown: the
 * messages of fetch's errors may quote the request, secrets included.
 */
function networkReason(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'no answer';
}
