import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';
import { ReleaseEnvSchema, ReleaseManifestSchema } from './release-manifest.js';
import { LegendEntry } from './sitemap.js';

/**
 * Releases: immutable, numbered copies of a site's draft map published to `staging` or
 * `production`. Each environment has a current release (what its public endpoints serve);
 * rollback points it at an earlier release and changes nothing else.
 */
export const ReleaseSummary = z.object({
  id: Id,
  siteId: Id,
  /** 1, 2, 3… per site, across both environments. */
  version: z.number().int().positive(),
  env: ReleaseEnvSchema,
  /** SHA-256 of the release.json bytes: its ETag. */
  sha256: z.string(),
  note: z.string(),
  publishedBy: z.string(),
  /** The publisher's email, for people reading the list (release.json itself only holds the user id). */
  publishedByEmail: z.string().nullable(),
  publishedAt: Millis,
  overlays: z.number().int().nonnegative(),
  /** True for the release its environment serves now. */
  current: z.boolean(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummary>;

export const ReleaseDiffSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ externalId: z.string(), fields: z.array(z.string()) })),
  assetsChanged: z.boolean(),
  statusMappingChanged: z.boolean(),
});
/** What changed from release `from` to release `to`, by external id. */
export type ReleaseDiff = z.infer<typeof ReleaseDiffSchema>;

const Version = z.number().int().positive();

export const releasesMethods = {
  'releases.publish': defineMethod({
    name: 'releases.publish',
    summary: 'Publishes the draft as a new immutable release and makes it current in `env`.',
    input: z
      .object({
        siteId: Id,
        env: ReleaseEnvSchema,
        note: z.string().trim().max(2000, 'must be at most 2000 characters').default(''),
      })
      .strict(),
    output: ReleaseSummary,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'releases.list': defineMethod({
    name: 'releases.list',
    summary: 'Releases of a site, newest first, with the current one of each environment flagged.',
    input: z.object({ siteId: Id, env: ReleaseEnvSchema.optional() }).strict(),
    output: z.object({ releases: z.array(ReleaseSummary) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'releases.get': defineMethod({
    name: 'releases.get',
    summary: 'One release with its release.json manifest.',
    input: z.object({ siteId: Id, version: Version }).strict(),
    output: z.object({ release: ReleaseSummary, manifest: ReleaseManifestSchema }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'releases.rollback': defineMethod({
    name: 'releases.rollback',
    summary: 'Makes an earlier release of `env` current again. The release itself is not changed.',
    input: z.object({ siteId: Id, env: ReleaseEnvSchema, version: Version }).strict(),
    output: ReleaseSummary,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'releases.diff': defineMethod({
    name: 'releases.diff',
    summary: 'Overlays added, removed and changed from release `from` to release `to`.',
    input: z.object({ siteId: Id, from: Version, to: Version }).strict(),
    output: ReleaseDiffSchema,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
};

/** What the public endpoints answer for status: the published release's overlays, coloured. */
export const PublicStatus = z.object({
  site: z.object({ slug: z.string(), name: z.string() }),
  env: ReleaseEnvSchema,
  version: Version,
  /** When the source last answered, and how old that answer is. */
  updatedAt: Millis.nullable(),
  ageMs: z.number().nonnegative(),
  stale: z.boolean(),
  error: z.string().nullable(),
  items: z.array(z.object({ externalId: z.string(), status: z.string() })),
  legend: z.array(LegendEntry),
});
export type PublicStatus = z.infer<typeof PublicStatus>;
