import type { PublicStatus, ReleaseEnv, ReleaseManifest } from '../../main/contract/index.js';

/**
 * The public, unauthenticated site-map endpoints a wall board reads (`GET /api/public/{slug}/…`).
 * Plain fetch, no token: anyone who knows the slug may see the published map, and only that.
 */
export type PublicMapProblem = 'not-published' | 'unavailable' | 'network' | 'server';

export class PublicMapError extends Error {
  constructor(
    readonly problem: PublicMapProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PublicMapError';
  }
}

export interface PublicMapClient {
  /** The current release; `null` when it is unchanged since `etag` (HTTP 304). */
  release(
    slug: string,
    env: ReleaseEnv,
    etag: string | null,
  ): Promise<{ manifest: ReleaseManifest; etag: string | null } | null>;
  status(slug: string, env: ReleaseEnv): Promise<PublicStatus>;
  /** A text asset (the overlay SVG). */
  assetText(slug: string, sha256: string): Promise<string>;
  /** The address of an asset, for `<img src>` (public: no token needed). */
  assetUrl(slug: string, sha256: string): string;
}

function path(slug: string, rest: string, env?: ReleaseEnv): string {
  const query = env && env !== 'production' ? `?${new URLSearchParams({ env }).toString()}` : '';
  return `/api/public/${encodeURIComponent(slug)}/${rest}${query}`;
}

/** The message of the contract's error body, when the answer has one. */
async function errorMessage(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : null;
  } catch {
    return null;
  }
}

async function failure(response: Response, what: string): Promise<PublicMapError> {
  const message = await errorMessage(response);
  if (response.status === 404) {
    return new PublicMapError('not-published', message ?? `Nothing is published at this address (${what}).`);
  }
  if (response.status === 503) {
    return new PublicMapError('unavailable', message ?? `Outpost cannot answer ${what} yet.`);
  }
  return new PublicMapError('server', message ?? `Outpost answered ${what} with HTTP ${response.status}.`);
}

export function createPublicMapClient(options: { fetch?: typeof fetch; baseUrl?: string } = {}): PublicMapClient {
  const baseUrl = (options.baseUrl ?? globalThis.location.origin).replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function get(url: string, what: string, headers: Record<string, string> = {}): Promise<Response> {
    let response: Response;
    try {
      // no-store: the board polls on its own schedule; a cached answer would add its max-age to the delay.
      response = await doFetch(`${baseUrl}${url}`, { headers, cache: 'no-store' });
    } catch {
      throw new PublicMapError('network', `Cannot reach Outpost at ${baseUrl} (${what}).`);
    }
    if (response.status === 304) return response;
    if (!response.ok) throw await failure(response, what);
    return response;
  }

  return {
    async release(slug, env, etag) {
      const response = await get(path(slug, 'release.json', env), 'the release', etag ? { 'if-none-match': etag } : {});
      if (response.status === 304) return null;
      const manifest = (await response.json()) as ReleaseManifest;
      if (manifest.format !== 1) {
        throw new PublicMapError(
          'server',
          `This release uses format ${String(manifest.format)}, which this page cannot read: reload it.`,
        );
      }
      return { manifest, etag: response.headers.get('etag') };
    },
    async status(slug, env) {
      return (await (await get(path(slug, 'status', env), 'the status')).json()) as PublicStatus;
    },
    async assetText(slug, sha256) {
      return (await get(path(slug, `assets/${sha256}`), 'the overlay layer')).text();
    },
    assetUrl: (slug, sha256) => `${baseUrl}${path(slug, `assets/${encodeURIComponent(sha256)}`)}`,
  };
}
