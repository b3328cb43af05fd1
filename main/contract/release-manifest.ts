import { z } from 'zod';
import { Id, Millis } from './common.js';
import { Slug } from './sites.js';
import { OverlaySchema } from './sitemap-model.js';
import { StatusMappingSchema } from './status-mapping.js';

/** Bumped when a reader would need to change; readers refuse formats they do not know. */
export const RELEASE_MANIFEST_FORMAT = 1;

export const ReleaseEnvSchema = z.enum(['staging', 'production']);
export type ReleaseEnv = z.infer<typeof ReleaseEnvSchema>;

export const ReleaseAssetSchema = z
  .object({
    role: z.enum(['basemap', 'overlay']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
    contentType: z
      .string()
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'must be a media type like image/svg+xml')
      .max(128),
    size: z.number().int().nonnegative(),
  })
  .strict();
export type ReleaseAsset = z.infer<typeof ReleaseAssetSchema>;

export const ReleaseManifestSchema = z
  .object({
    format: z.literal(RELEASE_MANIFEST_FORMAT),
    site: z.object({ id: Id, slug: Slug, name: z.string().min(1).max(200) }).strict(),
    version: z.number().int().positive(),
    env: ReleaseEnvSchema,
    overlays: z.array(OverlaySchema).max(100_000),
    statusMapping: StatusMappingSchema,
    assets: z.array(ReleaseAssetSchema).max(100),
    /** The publishing user's id (not an email: the manifest is public). */
    publishedBy: z.string().min(1).max(128),
    publishedAt: Millis,
    note: z.string().max(2000, 'must be at most 2000 characters'),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.overlays.forEach((o, i) => {
      if (seen.has(o.externalId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['overlays', i, 'externalId'],
          message: `"${o.externalId}" is used twice`,
        });
      }
      seen.add(o.externalId);
    });
  });
export type ReleaseManifest = z.infer<typeof ReleaseManifestSchema>;
