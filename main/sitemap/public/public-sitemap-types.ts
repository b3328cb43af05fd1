import type { Readable } from 'node:stream';
import type { PublicStatus, ReleaseEnv } from '../../contract/index.js';

/**
 * What the public, unauthenticated endpoints need of the Core (`GET /api/public/{slug}/…`). Only
 * published data is reachable through it: the current release of an environment, the status of
 * that release's overlays, and the files that release references. Drafts, other sites and other
 * tenants never are; an unknown slug and an unpublished one answer the same `not_found`.
 */
export interface PublicSitemap {
  /**
   * The exact release.json bytes of the current release of `env`, and their SHA-256 (the ETag).
   * Served from memory; publish and rollback replace the entry. Throws `not_found`.
   */
  release(slug: string, env: ReleaseEnv): { json: string; sha256: string; publishedAt: number };
  /**
   * The current release's overlays with their normalised statuses, through the status cache (the
   * upstream is asked at most once per window per site, however many clients ask). Throws
   * `not_found`, or `unavailable` when the source has never answered.
   */
  status(slug: string, env: ReleaseEnv): Promise<PublicStatus>;
  /** A file a current release of the slug's site references. Throws `not_found` (also for bad hashes). */
  asset(slug: string, sha256: string): Promise<PublicAsset>;
  /** Cache-Control max-age for these answers (config `sitemap.publicMaxAgeSeconds`). */
  readonly maxAgeSeconds: number;
}

export interface PublicAsset {
  sha256: string;
  contentType: string;
  size: number;
  /** Streams the file, or an inclusive byte range of it. */
  open(range?: { start: number; end: number }): Readable;
}
