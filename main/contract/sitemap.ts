import { z } from 'zod';
import { defineMethod } from './method.js';
import { Base64FileField, FileBytesField, SingleLine } from './text-rules.js';
import { Id, Millis, Ok } from './common.js';
import { Alert } from './alerts.js';
import { Event, MediaRefSchema } from './events.js';
import { BINDING_TYPES, ExternalIdSchema, OverlaySchema } from './sitemap-model.js';
import { StatusMappingSchema } from './status-mapping.js';

/**
 * The site-map editor and live viewer (DESIGN.md "Site map"). Each site has one draft map: a base
 * map, an overlay layer (a sanitised SVG whose shapes carry ids), overlays keyed by external id and
 * bound to entities, and a revision that every saved change bumps. Releases (releases.ts) are
 * immutable copies of the draft.
 */

export const ASSET_KINDS = ['basemap', 'overlay'] as const;
export const AssetKindSchema = z.enum(ASSET_KINDS);
export type AssetKind = z.infer<typeof AssetKindSchema>;

export const SitemapAsset = z.object({
  id: Id,
  kind: AssetKindSchema,
  sha256: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  fileName: z.string(),
  /** What sanitising took out of an SVG ("script element", "onclick attribute", …); empty for images. */
  removed: z.array(z.string()),
  createdAt: Millis,
});
export type SitemapAsset = z.infer<typeof SitemapAsset>;

/** A shape of the overlay layer that can be bound (from its id), with its approximate bounding box. */
export const OverlayShape = z.object({
  shapeId: z.string(),
  kind: z.enum(['path', 'polygon', 'rect', 'circle', 'ellipse', 'g']),
  label: z.string().nullable(),
  bbox: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).optional(),
});
export type OverlayShape = z.infer<typeof OverlayShape>;

/** How a status is drawn: the legend entry, and the fill of overlays in that status. */
export const LegendEntry = z.object({
  status: z.string(),
  label: z.string(),
  /** Fill, #rrggbb. */
  color: z.string(),
  /** Text drawn on `color` (black or white, whichever contrasts more). */
  text: z.string(),
});
export type LegendEntry = z.infer<typeof LegendEntry>;

export const SiteMapDraft = z.object({
  siteId: Id,
  /** Bumped by every saved change; send it back as `baseRevision` to refuse saving over someone else's edit. */
  revision: z.number().int().nonnegative(),
  updatedAt: Millis.nullable(),
  basemap: SitemapAsset.nullable(),
  overlayLayer: SitemapAsset.nullable(),
  /** Shapes of the overlay layer, bound or not. */
  shapes: z.array(OverlayShape),
  overlays: z.array(OverlaySchema),
  /** The status mapping of the site's integration (integrations.set changes it). */
  statusMapping: StatusMappingSchema,
  /** The built-in statuses, then the mapping's custom ones. */
  legend: z.array(LegendEntry),
});
export type SiteMapDraft = z.infer<typeof SiteMapDraft>;

/** At most this many bytes of base64 through `sitemap.uploadAsset` (the IPC path); HTTP uses multipart. */
export const MAX_UPLOAD_BASE64_CHARS = 358_000_000;

export const UploadAssetInput = z
  .object({
    siteId: Id,
    kind: AssetKindSchema,
    fileName: SingleLine(255),
    /** The file in base64 (JSON rpc and the desktop's IPC); checked as base64 where it is decoded, off the event loop. */
    contentBase64: Base64FileField(MAX_UPLOAD_BASE64_CHARS, 'is too large: upload files this big over HTTP').optional(),
    /** The file's bytes: only the Core's own multipart route (`POST /api/sites/{siteId}/assets`) can send them. */
    content: FileBytesField.optional(),
  })
  .strict()
  .refine((input) => (input.content === undefined) !== (input.contentBase64 === undefined), {
    message: 'send the file as contentBase64',
    path: ['contentBase64'],
  });

export const UploadAssetOutput = z.object({
  assetId: Id,
  kind: AssetKindSchema,
  /** What sanitising took out (empty for PNG and JPEG, and for clean SVGs). */
  removed: z.array(z.string()),
  /** Overlay layers only: overlays created for shapes with ids that had none. */
  overlaysCreated: z.number().int().nonnegative(),
});
export type UploadAssetOutput = z.infer<typeof UploadAssetOutput>;

export const SaveOverlaysInput = z
  .object({
    siteId: Id,
    /** When given and the draft has moved on, nothing is saved and the call fails with `conflict`. */
    baseRevision: z.number().int().nonnegative().optional(),
    upserts: z.array(OverlaySchema).max(10_000, 'at most 10000 overlays per save: use sitemap.importOverlays'),
    deletes: z.array(ExternalIdSchema).max(10_000),
  })
  .strict();

export const ImportOutcomeSchema = z.enum(['created', 'updated', 'unchanged', 'rejected']);

export const ImportRowSchema = z.object({
  line: z.number().int(),
  externalId: z.string().nullable(),
  outcome: ImportOutcomeSchema,
  reasons: z.array(z.string()),
  overlay: OverlaySchema.optional(),
  changes: z.array(z.string()).optional(),
});

export const ImportOverlaysInput = z
  .object({
    siteId: Id,
    format: z.enum(['csv', 'json']),
    /** The file as text (API clients that already hold text). */
    content: z.string().max(50_000_000, 'is too large (50 MB at most)').optional(),
    /**
     * The file's bytes in base64, as read from disk: decoded on the server as UTF-8 (a BOM is
     * dropped), so a file in another encoding is refused naming its first bad line instead of
     * being imported with its accented letters turned into U+FFFD.
     */
    contentBase64: z
      .string()
      .max(66_666_668, 'is too large (50 MB at most)')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
      .optional(),
    dryRun: z.boolean().default(true),
    /** Any string the caller picks: `sitemap.importProgress` messages carry it back. */
    progressId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((input) => (input.content === undefined) !== (input.contentBase64 === undefined), {
    message: 'send the file as exactly one of content (text) or contentBase64 (its bytes)',
    path: ['content'],
  });

export const ImportOverlaysOutput = z.object({
  rows: z.array(ImportRowSchema),
  summary: z.object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
  }),
  ok: z.boolean(),
  /** True when the rows were written (never on a dry run, never when a row is rejected). */
  committed: z.boolean(),
  /** The draft's revision after the call. */
  revision: z.number().int().nonnegative(),
});
export type ImportOverlaysOutput = z.infer<typeof ImportOverlaysOutput>;

export const EntityTypeSchema = z.enum(BINDING_TYPES);

export const Entity = z.object({
  type: EntityTypeSchema,
  id: z.string(),
  /** What the user searches and reads: the device name, the zone name, the unit's label. */
  name: z.string(),
  lastSeen: Millis.nullable(),
});
export type Entity = z.infer<typeof Entity>;

/** One entity's live status: `status` is normalised (or a custom status); `raw` is what the source said. */
export const EntityStatus = z.object({ id: z.string(), raw: z.string(), status: z.string() });
export type EntityStatus = z.infer<typeof EntityStatus>;

/**
 * Live status of a site's entities, keyed by entity id (a device id for the internal integration,
 * the upstream's item id for an external one). An overlay takes the status of its binding's target,
 * else of its own external id, else `unknown`.
 */
export const SiteStatus = z.object({
  siteId: Id,
  integration: z.enum(['internal', 'external']),
  items: z.array(EntityStatus),
  /** Raw values no mapping rule covers (shown as `unknown`), for the user to map. */
  unmapped: z.array(z.string()),
  /** When the source last answered; null before its first answer. */
  updatedAt: Millis.nullable(),
  /** True when the last attempt failed and these are older values. */
  stale: z.boolean(),
  error: z.string().nullable(),
});
export type SiteStatus = z.infer<typeof SiteStatus>;

export const EntityDetail = z.object({
  type: EntityTypeSchema,
  id: z.string(),
  status: EntityStatus.nullable(),
  recentEvents: z.array(Event),
  /** The newest snapshot among the entity's events, with the event it came with. */
  lastSnapshot: z.object({ eventId: Id, time: Millis, media: MediaRefSchema }).nullable(),
  openAlerts: z.array(Alert),
});
export type EntityDetail = z.infer<typeof EntityDetail>;

const SiteInput = z.object({ siteId: Id }).strict();

export const sitemapMethods = {
  'sitemap.get': defineMethod({
    name: 'sitemap.get',
    summary: "The site's draft map: base map, overlay layer and its shapes, overlays, status mapping, revision.",
    input: SiteInput,
    output: SiteMapDraft,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sitemap.uploadAsset': defineMethod({
    name: 'sitemap.uploadAsset',
    summary:
      "Stores a base map (PNG, JPEG or SVG) or an overlay SVG as the draft's layer, sanitising SVGs first (same as POST /api/sites/{siteId}/assets).",
    input: UploadAssetInput,
    output: UploadAssetOutput,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sitemap.assetContent': defineMethod({
    name: 'sitemap.assetContent',
    summary: 'The stored (sanitised) bytes of one of the site map assets, base64.',
    input: z.object({ siteId: Id, assetId: Id }).strict(),
    output: z.object({ contentType: z.string(), sha256: z.string(), contentBase64: z.string() }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sitemap.saveOverlays': defineMethod({
    name: 'sitemap.saveOverlays',
    summary: 'Saves overlay edits to the draft (upserts by external id, deletes), all or nothing.',
    input: SaveOverlaysInput,
    output: z.object({ revision: z.number().int().nonnegative() }),
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sitemap.importOverlays': defineMethod({
    name: 'sitemap.importOverlays',
    summary:
      'Bulk upsert of overlays from CSV or JSON by external id. dryRun (the default) only plans; a commit writes every row or none.',
    input: ImportOverlaysInput,
    output: ImportOverlaysOutput,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sitemap.entities': defineMethod({
    name: 'sitemap.entities',
    summary: 'Devices, cameras, zones and units of a site to bind overlays to, searched by name.',
    input: z
      .object({
        siteId: Id,
        query: z.string().max(200).default(''),
        type: EntityTypeSchema.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ entities: z.array(Entity) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sitemap.status': defineMethod({
    name: 'sitemap.status',
    summary: "Live status of the site's entities from its integration (the same data sitemap.status messages push).",
    input: SiteInput,
    output: SiteStatus,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sitemap.entity': defineMethod({
    name: 'sitemap.entity',
    summary: 'Drill-down for one entity: current status, recent events, last snapshot, open alerts.',
    input: z.object({ siteId: Id, type: EntityTypeSchema, id: z.string().min(1).max(128) }).strict(),
    output: EntityDetail,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sitemap.clear': defineMethod({
    name: 'sitemap.clear',
    summary: "Removes the draft's base map, overlay layer or every overlay (releases are untouched).",
    input: z.object({ siteId: Id, what: z.enum(['basemap', 'overlay', 'overlays']) }).strict(),
    output: Ok,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
};
