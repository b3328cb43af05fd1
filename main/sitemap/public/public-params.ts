import { OutpostError, ReleaseEnvSchema, Slug, type ReleaseEnv } from '../../contract/index.js';

/**
 * The one answer for everything a public URL cannot show: a malformed slug, an unknown one, one
 * of another tenant, an unpublished environment, a file no current release references. Telling
 * them apart would let anyone probe which sites exist.
 */
export function notPublished(): OutpostError {
  return new OutpostError(
    'not_found',
    'Nothing is published at this address. Check the site slug and the environment (?env=staging or production), and that a release was published there.',
  );
}

/** The slug of a public URL, or `not_found` (never `invalid_input`: see notPublished). */
export function publicSlug(slug: string): string {
  if (!Slug.safeParse(slug).success) throw notPublished();
  return slug;
}

/** `?env=staging|production`, production when absent; anything else is a 400 naming `env`. */
export function publicEnv(query: unknown): ReleaseEnv {
  const env = (query as { env?: unknown } | undefined)?.env;
  if (env === undefined) return 'production';
  const parsed = ReleaseEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new OutpostError(
    'invalid_input',
    `env must be "staging" or "production" (got ${JSON.stringify(env)}). Leave it out for production.`,
    { issues: [{ path: 'env', message: 'must be "staging" or "production"' }] },
  );
}

/** A file hash of a public URL: 64 lower-case hex digits, or `not_found`. */
export function publicSha256(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw notPublished();
  return sha256;
}
