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
}

export function createHubClient(fetch: Fetch, hubUrl: string, timeoutMs: number): HubClient {
  const base = hubUrl.replace(/\/+$/, '');
  return {
    async post(path, body, schema, credential) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
      if (credential) headers.authorization = `Bearer ${credential}`;
      let response: Awaited<ReturnType<Fetch>>;
      try {
        response = await fetch(`${base}/api/sync/${path}`, {
          method: 'POST',
          headers,
          body: gzipSync(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const reason =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        throw new HubRequestError(
          `The hub at ${base} cannot be reached (${reason}). Records wait here and are sent when it answers.`,
          0,
          'unreachable',
        );
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        const error = SyncErrorBody.safeParse(json);
        throw new HubRequestError(
          error.success
            ? error.data.error.message
            : `The hub at ${base} answered ${response.status} without an explanation. Check that the address is an Outpost hub.`,
          response.status,
          error.success ? error.data.error.code : 'http',
        );
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new HubRequestError(
          `The hub at ${base} answered in a form this site does not understand (${parsed.error.issues[0]?.message ?? 'bad shape'}). Upgrade this site or the hub so both run the same Outpost version.`,
          502,
          'upgrade',
        );
      }
      return parsed.data as z.infer<typeof schema>;
    },
  };
}
