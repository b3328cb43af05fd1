import { z } from 'zod';
import {
  BindingSchema,
  CreateAlertRuleInput,
  ExternalStatusConfigSchema,
  LabelSchema,
  LayerSchema,
  Millis,
  OverlayShape,
  PropertiesSchema,
  ReleaseAssetSchema,
  ReleaseEnvSchema,
  RoleSchema,
  ShapeIdSchema,
  SourceKindSchema,
  StatusMappingSchema,
  TWO_WAY_DOC_KINDS,
  type SyncDocKind,
} from '../../contract/index.js';

/*
 * The documents that travel both ways (or from the hub only), as plain JSON bodies with no site
 * ids in them: each side writes a body under its own id for the site. Objects are merged field by
 * field (merge.ts), so collections that people edit item by item are objects keyed by their ids
 * (a site map's overlays by external id), not arrays.
 */

/**
 * Own keys that would reach an object's prototype once copied with assignment. Checked on the
 * input, before zod builds its output (which assigns, and so would silently drop them).
 */
export const withoutPrototypeKeys = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  !['__proto__', 'constructor', 'prototype'].some((k) => Object.hasOwn(value, k));

/** A JSON object keyed by names or ids, refused when it names a prototype key. */
const SafeRecord = <V extends z.ZodType>(key: z.ZodString, value: V) =>
  z
    .unknown()
    .refine(withoutPrototypeKeys, 'must not name __proto__, constructor or prototype')
    .pipe(z.record(key, value));

export const SourceDoc = z
  .object({
    kind: SourceKindSchema,
    name: z.string().min(1).max(120),
    enabled: z.boolean(),
    config: SafeRecord(z.string().max(200), z.unknown()),
    /** Webhook sources: the SHA-256 of the token the sender presents (never the token). */
    tokenHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
  })
  .strict();

/** An alert rule; `scope` says whether it watches this site or every site of the tenant (hub-made, read-only on sites). */
export const AlertRuleDoc = z
  .object({ scope: z.enum(['site', 'tenant']), rule: SafeRecord(z.string().max(64), z.unknown()) })
  .strict()
  .superRefine((doc, ctx) => {
    const parsed = CreateAlertRuleInput.safeParse({ ...doc.rule, siteId: null });
    if (!parsed.success)
      ctx.addIssue({ code: 'custom', path: ['rule'], message: parsed.error.issues[0]?.message ?? 'invalid rule' });
  });

export const IntegrationDoc = z
  .object({
    kind: z.enum(['internal', 'external']),
    external: ExternalStatusConfigSchema.nullable(),
    statusMapping: StatusMappingSchema,
    offlineAfterMinutes: z.number().int().min(1).max(100_000),
  })
  .strict();

export const LayerDoc = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    contentType: z.string().max(128),
    size: z.number().int().nonnegative(),
    fileName: z.string().max(255),
    removed: z.array(z.string().max(500)).max(1000),
    shapes: z.array(OverlayShape).max(100_000),
  })
  .strict();
export type LayerDoc = z.infer<typeof LayerDoc>;

export const OverlayDoc = z
  .object({
    shapeId: ShapeIdSchema.nullable(),
    label: LabelSchema,
    binding: BindingSchema.nullable(),
    layer: LayerSchema.optional(),
    properties: PropertiesSchema.optional(),
  })
  .strict();
export type OverlayDoc = z.infer<typeof OverlayDoc>;

export const SitemapDraftDoc = z
  .object({
    basemap: LayerDoc.nullable(),
    overlay: LayerDoc.nullable(),
    /** By external id. */
    overlays: SafeRecord(z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/), OverlayDoc),
  })
  .strict();
export type SitemapDraftDoc = z.infer<typeof SitemapDraftDoc>;

/** A hub user, sent to the tenant's sites so people sign in there offline (never an installation admin). */
export const UserDoc = z
  .object({
    email: z.string().max(254),
    name: z.string().max(120),
    role: RoleSchema,
    passwordHash: z.string().min(1).max(512),
    disabledAt: Millis.nullable(),
  })
  .strict();

export const ReleaseDoc = z
  .object({
    version: z.number().int().positive(),
    env: ReleaseEnvSchema,
    /** The exact release.json text (its SHA-256 is the release's id in public answers). */
    manifest: z.string().max(64 * 1024 * 1024),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    note: z.string().max(2000),
    overlays: z.number().int().nonnegative(),
    publishedBy: z.string().max(128),
    publishedAt: Millis,
    assets: z.array(ReleaseAssetSchema).max(100),
  })
  .strict();

export const ReleasePointerDoc = z.object({ version: z.number().int().positive() }).strict();

/**
 * A site's WireGuard config as the hub's tunnels slice renders it (a secret: the site's private key;
 * never kept as a document base on the site). The text is checked again as wg-quick when imported
 * (no PreUp/PostUp, no default route); the name must be one a kernel takes for an interface.
 */
export const TunnelDoc = z
  .object({
    config: z
      .string()
      .min(1)
      .max(64 * 1024),
    interfaceName: z
      .string()
      .regex(/^[A-Za-z0-9_=+.-]{1,15}$/, 'must be an interface name (1–15 of A-Z a-z 0-9 _=+.-)'),
  })
  .strict();

/** The hub's view of one of the site's alerts (acknowledged or resolved on the hub). */
export const AlertStateDoc = z
  .object({
    state: z.enum(['open', 'acknowledged', 'resolved']),
    acknowledgedAt: Millis.nullable(),
    acknowledgedBy: z.string().max(320).nullable(),
    resolvedAt: Millis.nullable(),
    resolvedBy: z.string().max(320).nullable(),
    note: z.string().max(4000).nullable(),
  })
  .strict();

export const DOC_SCHEMAS = {
  source: SourceDoc,
  alertRule: AlertRuleDoc,
  integration: IntegrationDoc,
  sitemapDraft: SitemapDraftDoc,
  user: UserDoc,
  release: ReleaseDoc,
  releasePointer: ReleasePointerDoc,
  tunnel: TunnelDoc,
  alert: AlertStateDoc,
} as const satisfies Record<SyncDocKind, z.ZodType>;

export type DocBodies = { [K in SyncDocKind]: z.infer<(typeof DOC_SCHEMAS)[K]> };

/** Documents a site sends to the hub when they change there; the others come from the hub only. */
export const isTwoWayKind = (kind: SyncDocKind): boolean =>
  (TWO_WAY_DOC_KINDS as readonly SyncDocKind[]).includes(kind);

/** A body checked against its kind's schema; null stands for "absent or deleted". */
export function parseDocBody<K extends SyncDocKind>(kind: K, body: unknown): DocBodies[K] | null {
  if (body === null) return null;
  return DOC_SCHEMAS[kind].parse(body) as DocBodies[K];
}
