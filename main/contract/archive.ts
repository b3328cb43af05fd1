import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';

/** Archive rules: which files of the site go to the archive on their own (all that apply). */
export const ArchiveRules = z
  .object({
    /** Archive files older than this many days; null: not by age. */
    afterDays: z.number().int().min(0).max(36_500).nullable().default(null),
    /** Archive files with these labels at once; empty: not by label. */
    labels: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** Archive kept (protected) files at once. */
    kept: z.boolean().default(false),
  })
  .strict();

export const ArchiveTargetInput = z
  .object({
    siteId: Id,
    /** An S3 API endpoint (AWS, MinIO, …), e.g. https://s3.eu-west-1.amazonaws.com. */
    endpoint: z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL, e.g. https://s3.eu-west-1.amazonaws.com' }),
    region: z.string().min(1).max(64).default('us-east-1'),
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'Must be a bucket name: 3–63 lower-case letters, digits, dots, dashes',
      ),
    /** Object keys start with this (e.g. `outpost/`); the rest of a key reveals nothing. */
    prefix: z
      .string()
      .max(200)
      .regex(/^[\w./-]*$/, 'Letters, digits, dots, dashes, underscores and slashes only')
      .default(''),
    accessKeyId: z.string().min(1).max(200),
    /** Sending the mask (`********`) back keeps the stored secret. */
    secretAccessKey: z.string().min(1).max(200),
    /** Path-style addressing (MinIO and most non-AWS peers need it). */
    forcePathStyle: z.boolean().default(true),
    /** Archive bytes this site may hold; 0 = no limit of its own. */
    quotaBytes: z.number().int().min(0).default(0),
    rules: ArchiveRules.prefault({}),
    /** Free the local copy once a file is safely archived. */
    freeLocal: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .strict();
export type ArchiveTargetInput = z.infer<typeof ArchiveTargetInput>;

export const ArchiveTarget = ArchiveTargetInput.extend({ updatedAt: Millis });
export type ArchiveTarget = z.infer<typeof ArchiveTarget>;

export const ArchiveUploadInfo = z.object({
  mediaId: Id,
  state: z.enum(['queued', 'uploading', 'failed']),
  bytesSent: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});

export const ArchiveStatus = z.object({
  siteId: Id,
  target: ArchiveTarget.nullable(),
  /** The site's archive key exists here (without it, nothing archived can be read back). */
  key: z.object({ present: z.boolean(), keyId: z.string().nullable() }),
  uploads: z.array(ArchiveUploadInfo),
  archivedFiles: z.number().int().nonnegative(),
  archivedBytes: z.number().int().nonnegative(),
  quotaBytes: z.number().int().nonnegative(),
  tenantArchivedBytes: z.number().int().nonnegative(),
  tenantQuotaBytes: z.number().int().nonnegative(),
  lastRunAt: Millis.nullable(),
  lastError: z.string().nullable(),
});
export type ArchiveStatus = z.infer<typeof ArchiveStatus>;

const KEY_WARNING =
  'Keep this key somewhere safe and apart from this machine. Without it, nothing in this site’s archive can ever be read again: not by you, not by the storage provider, not by Outpost.';
export const ARCHIVE_KEY_WARNING = KEY_WARNING;

export const archiveMethods = {
  'archive.configure': defineMethod({
    name: 'archive.configure',
    summary: "Sets a site's S3-compatible archive target, its quota and its archive rules.",
    input: ArchiveTargetInput,
    output: ArchiveTarget,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'archive.test': defineMethod({
    name: 'archive.test',
    summary: "Checks a site's archive target: reaches the endpoint, signs in, writes and deletes a probe object.",
    input: z.object({ siteId: Id }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
    access: 'admin',
    tenantScoped: true,
    mutates: false,
  }),
  'archive.run': defineMethod({
    name: 'archive.run',
    summary:
      "Archives now: the given files or an event's, or every file the site's rules pick. Files past the quota are refused before any byte is sent.",
    input: z.object({ siteId: Id, eventId: Id.optional(), mediaIds: z.array(Id).max(500).optional() }).strict(),
    output: z.object({
      queued: z.number().int().nonnegative(),
      refused: z.array(z.object({ mediaId: Id, reason: z.string() })),
    }),
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'archive.status': defineMethod({
    name: 'archive.status',
    summary: "A site's archive target (secret masked), key, uploads in progress, use and quota.",
    input: z.object({ siteId: Id }).strict(),
    output: ArchiveStatus,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'archive.restore': defineMethod({
    name: 'archive.restore',
    summary:
      'Brings an archived file back: downloads, verifies and decrypts it. A tampered, truncated or wrong-key object is refused and nothing is stored.',
    input: z.object({ mediaId: Id }).strict(),
    output: z.object({ mediaId: Id, state: z.literal('available') }),
    access: 'operator',
    tenantScoped: true,
    mutates: true,
  }),
  'archive.exportKey': defineMethod({
    name: 'archive.exportKey',
    summary: "A site's archive key for disaster recovery (base64), with the warning that goes with it. Audited.",
    input: z.object({ siteId: Id }).strict(),
    output: z.object({ siteId: Id, keyId: z.string(), key: z.string(), warning: z.string() }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'archive.importKey': defineMethod({
    name: 'archive.importKey',
    summary:
      "Installs a site's archive key from an export (recovery on a new machine). Refused when it would replace a key already in use.",
    input: z
      .object({
        siteId: Id,
        key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'Must be the 44-character base64 key from archive.exportKey'),
        replace: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ siteId: Id, keyId: z.string() }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
