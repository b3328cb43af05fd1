import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';
import { MediaMetaSchema, MediaState } from './events.js';

export const MEDIA_KINDS = ['snapshot', 'clip', 'thumbnail', 'preview'] as const;

/** One stored file with short-lived signed links (`<video src>`, `<img src>`; no header needed). */
export const MediaInfo = z.object({
  id: Id,
  eventId: Id,
  siteId: Id,
  kind: z.enum(MEDIA_KINDS),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  capturedAt: Millis,
  device: z.string().nullable(),
  label: z.string().nullable(),
  meta: MediaMetaSchema,
  state: MediaState,
  removedReason: z.string().nullable(),
  kept: z.boolean(),
  archivedAt: Millis.nullable(),
  /** Signed link to play or show it; null unless `available`. */
  url: z.string().nullable(),
  /** The same link, answered as an attachment with a file name that says what it is. */
  downloadUrl: z.string().nullable(),
  /** When the links stop working (ask again for fresh ones). */
  expiresAt: Millis,
  thumbnail: z.object({ id: Id, url: z.string() }).nullable(),
  preview: z.object({ id: Id, url: z.string(), frames: z.number().int().positive() }).nullable(),
});
export type MediaInfo = z.infer<typeof MediaInfo>;

export const RetentionRule = z
  .object({
    /** A camera or device name; absent = every device of the site. */
    device: z.string().min(1).max(200).optional(),
    /** A detection label (person, car, …); absent = every label. */
    label: z.string().min(1).max(200).optional(),
    /** Remove files older than this many days. */
    maxAgeDays: z.number().int().min(1).max(36_500).optional(),
    /** Remove the oldest files while those this rule covers take more than this many bytes. */
    maxBytes: z.number().int().min(1_048_576).optional(),
  })
  .strict()
  .refine((r) => r.maxAgeDays !== undefined || r.maxBytes !== undefined, {
    message: 'A rule needs maxAgeDays, maxBytes or both',
    path: ['maxAgeDays'],
  });
export type RetentionRule = z.infer<typeof RetentionRule>;

export const RetentionPolicy = z.object({
  siteId: Id,
  rules: z.array(RetentionRule),
  /** The installation's low-disk floor (config `media.retention.*`). */
  floor: z.object({ minFreePercent: z.number(), minFreeBytes: z.number().int() }),
});

const ExportInput = z
  .object({
    eventId: Id.optional(),
    siteId: Id.optional(),
    from: Millis.optional(),
    to: Millis.optional(),
    device: z.string().min(1).max(200).optional(),
    label: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((i) => (i.eventId !== undefined) !== (i.from !== undefined && i.to !== undefined), {
    message: 'Give either eventId, or from and to (a time range)',
    path: ['eventId'],
  })
  .refine((i) => i.from === undefined || i.to === undefined || i.from <= i.to, {
    message: 'must not be after "to"',
    path: ['from'],
  });

export const StorageUsage = z.object({
  disk: z.object({
    totalBytes: z.number().int().nonnegative(),
    freeBytes: z.number().int().nonnegative(),
    floorBytes: z.number().int().nonnegative(),
    /** New media are refused: the floor is reached and only kept media are left to remove. */
    refusing: z.boolean(),
  }),
  sites: z.array(
    z.object({
      siteId: Id,
      files: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      cameras: z.array(
        z.object({
          device: z.string().nullable(),
          files: z.number().int().nonnegative(),
          bytes: z.number().int().nonnegative(),
        }),
      ),
    }),
  ),
});

export const ReconcileReport = z.object({
  /** Files on disk that no row, site-map file or release names. */
  orphanFiles: z.number().int().nonnegative(),
  /** Rows of your tenant whose file is gone from disk. */
  missingFiles: z.number().int().nonnegative(),
  filesDeleted: z.number().int().nonnegative(),
  rowsMarked: z.number().int().nonnegative(),
  /** Over half of the files or rows would go: nothing was changed; confirm to go ahead. */
  needsConfirmation: z.boolean(),
  message: z.string(),
});

export const mediaMethods = {
  'media.get': defineMethod({
    name: 'media.get',
    summary:
      'One stored file with its metadata, where it is (here, archived, expired and why) and short-lived signed links.',
    input: z.object({ id: Id }).strict(),
    output: MediaInfo,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'media.protect': defineMethod({
    name: 'media.protect',
    summary: "Keeps an event's media (retention never removes them), or releases the keep. Audited.",
    input: z.object({ eventId: Id, keep: z.boolean(), note: z.string().max(500).default('') }).strict(),
    output: z.object({ eventId: Id, kept: z.boolean(), files: z.number().int().nonnegative() }),
    access: 'operator',
    tenantScoped: true,
    mutates: true,
  }),
  'media.export': defineMethod({
    name: 'media.export',
    summary:
      "An event's files, or those of a time range, as one tar download with a manifest and SHA-256 sums (a signed link valid for minutes). Audited.",
    input: ExportInput,
    output: z.object({
      url: z.string(),
      expiresAt: Millis,
      fileName: z.string(),
      files: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      /** Files of the selection that are archived or expired, so not in the download. */
      missing: z.number().int().nonnegative(),
    }),
    access: 'operator',
    tenantScoped: true,
    mutates: true,
  }),
  'media.usage': defineMethod({
    name: 'media.usage',
    summary: 'Disk use by site and camera, the free space and its floor.',
    input: z.object({ siteId: Id.optional() }).strict(),
    output: StorageUsage,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'media.retention': defineMethod({
    name: 'media.retention',
    summary: "A site's retention rules and the installation's low-disk floor.",
    input: z.object({ siteId: Id }).strict(),
    output: RetentionPolicy,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'media.setRetention': defineMethod({
    name: 'media.setRetention',
    summary:
      "Replaces a site's retention rules (by age and total size, per device and label; the most specific rule decides a file's age).",
    input: z.object({ siteId: Id, rules: z.array(RetentionRule).max(100) }).strict(),
    output: RetentionPolicy,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'media.reconcile': defineMethod({
    name: 'media.reconcile',
    summary:
      'Compares the files on disk with the rows: deletes files nobody names and marks rows whose file is gone. Refuses to touch more than half of either without confirm.',
    input: z.object({ confirm: z.boolean().default(false) }).strict(),
    output: ReconcileReport,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
