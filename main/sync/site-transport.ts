import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { SyncErrorBody } from './protocol/index.js';

/*
 * The site's requests to the hub: JSON, gzip-compressed (the hub's limit holds for the body before
 * and after compression, so the site frames by the uncompressed size), through the installation's
 * outbound guard. A refusal keeps the hub's own words, which tell the user what to do.
 */

export type { GuardedFetch as Fetch } from '../outbound/index.js';
import type { GuardedFetch as Fetch } from '../outbound/index.js';

/** The hub answered with an error (`status` and its code), or could not be reached (`status` 0). */
export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HubRequestError';
  }

  /** Refusals that retrying cannot fix (a credential, a code, a version): the uplink stops until a user acts. */
  get final(): boolean {
    return this.status === 401 || this.status === 403 || this.code === 'upgrade';
  }
}

export interface HubClient {
  post<T extends z.ZodType>(path: string, body: string, answer: T, credential?: string): Promise<z.infer<T>>;
  /** A site-map file by its SHA-256 (`GET /api/sync/assets/{sha256}`), refused past `maxBytes`. */
  getAsset(sha256: string, maxBytes: number, credential: string): Promise<Buffer>;
  /** Sends a site-map file the hub lacks (`PUT /api/sync/assets/{sha256}`). */
  putAsset(sha256: string, bytes: Buffer, credential: string): Promise<void>;
}

export function createHubClient(fetch: Fetch, hubUrl: string, timeoutMs: number): HubClient {
  const base = hubUrl.replace(/\/+$/, '');

  async function send(path: string, init: { method: string; headers: Record<string, string>; body?: Buffer }) {
    try {
      return await fetch(`${base}/api/sync/${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const reason =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new HubRequestError(
        `The hub at ${base} cannot be reached (${reason}). Records wait here and are sent when it answers.`,
        0,
        'unreachable',
      );
    }
  }

  /** The hub's refusal in its own words (they say what to do), or a plain one when it gave none. */
  function refusal(status: number, text: string): HubRequestError {
    const error = SyncErrorBody.safeParse(jsonOrUndefined(text));
    return new HubRequestError(
      error.success
        ? error.data.error.message
        : `The hub at ${base} answered ${status} without an explanation. Check that the address is an Outpost hub.`,
      status,
      error.success ? error.data.error.code : 'http',
    );
  }

  const authorization = (credential: string) => ({ authorization: `Bearer ${credential}` });

  return {
    async post(path, body, schema, credential) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
      if (credential) Object.assign(headers, authorization(credential));
      const response = await send(path, { method: 'POST', headers, body: gzipSync(body) });
      const text = await response.text();
      if (!response.ok) throw refusal(response.status, text);
      const parsed = schema.safeParse(jsonOrUndefined(text));
      if (!parsed.success) {
        throw new HubRequestError(
          `The hub at ${base} answered in a form this site does not understand (${parsed.error.issues[0]?.message ?? 'bad shape'}). Upgrade this site or the hub so both run the same Outpost version.`,
          502,
          'upgrade',
        );
      }
      return parsed.data as z.infer<typeof schema>;
    },

    async getAsset(sha256, maxBytes, credential) {
      const response = await send(`assets/${sha256}`, { method: 'GET', headers: authorization(credential) });
      if (!response.ok) throw refusal(response.status, await response.text());
      if (Number(response.headers.get('content-length') ?? maxBytes + 1) > maxBytes) {
        await response.body?.cancel();
        throw new HubRequestError(`The hub sent a file larger than its document says (${sha256}).`, 502, 'asset');
      }
      return Buffer.from(await response.arrayBuffer());
    },

    async putAsset(sha256, bytes, credential) {
      const response = await send(`assets/${sha256}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', ...authorization(credential) },
        body: bytes,
      });
      const text = await response.text();
      if (!response.ok) throw refusal(response.status, text);
    },
  };
}

/** A body as JSON, or undefined when it is not JSON (a proxy's HTML page, a cut answer). */
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
