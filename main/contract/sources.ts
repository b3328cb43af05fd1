import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis, Ok } from './common.js';
import type { Role } from './roles.js';
import { SingleLine } from './text-rules.js';

/** Same list as the pipeline's SOURCE_KINDS (redeclared: the contract imports nothing but zod). */
export const SOURCE_KINDS = ['webhook', 'mqtt', 'folder', 'logfile', 'syslog', 'postgres'] as const;
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKindName = z.infer<typeof SourceKindSchema>;

/**
 * Kinds that read the server's own files (below the admin's `files.allowRead` roots). Creating,
 * changing, testing or deleting one needs the admin role; technicians keep every other kind.
 */
export const FILE_SOURCE_KINDS = ['folder', 'logfile'] as const satisfies readonly SourceKindName[];

/** The lowest role that may create, change, test or delete a source of `kind`. */
export function sourceKindAccess(kind: SourceKindName): Role {
  return (FILE_SOURCE_KINDS as readonly string[]).includes(kind) ? 'admin' : 'technician';
}

/** Mirrors SourceHealth in main/pipeline/sources/source-types.ts. */
export const SourceHealthSchema = z.object({
  state: z.enum(['ok', 'degraded', 'down', 'stopped']),
  lastError: z.string().nullable(),
  lastErrorAt: Millis.nullable(),
  lastEventAt: Millis.nullable(),
  accepted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  /** Accepted events whose text had control, bidi-override or invalid characters replaced by U+FFFD. */
  textReplaced: z.number().int().nonnegative(),
  breaker: z.enum(['closed', 'open', 'half-open']),
});
export type SourceHealthInfo = z.infer<typeof SourceHealthSchema>;

/** Per-kind config schemas live with the adapters; the Core validates `config` by kind. */
export const SourceConfig = z.record(z.string(), z.unknown());

/** Shown instead of a secret (passwords, keys) in every answer. */
export const SECRET_MASK = '********';

/**
 * What a source's redaction removes besides secrets, which are always redacted. Personal data
 * (e-mail addresses, phone numbers, card numbers) by default; device addresses (IP and MAC) are
 * kept by default because operators need them to find the device. Host names are never redacted.
 */
export const RedactionSettings = z
  .object({
    personal: z.boolean().default(true),
    network: z.boolean().default(false),
  })
  .strict();
export type RedactionSettings = z.infer<typeof RedactionSettings>;
export const DEFAULT_REDACTION: RedactionSettings = { personal: true, network: false };

export const Source = z.object({
  id: Id,
  /** The site its events go to (unless an event names a device mapped to another site: devices.setSite). */
  siteId: Id,
  kind: SourceKindSchema,
  name: z.string(),
  enabled: z.boolean(),
  /** Secrets are shown as SECRET_MASK; sending the mask back in an update keeps the stored secret. */
  config: SourceConfig,
  redaction: RedactionSettings,
  health: SourceHealthSchema,
  createdAt: Millis,
  updatedAt: Millis,
});
export type Source = z.infer<typeof Source>;

const SourceName = SingleLine(120);

export const CreateSourceInput = z
  .object({
    kind: SourceKindSchema,
    name: SourceName,
    config: SourceConfig.default({}),
    /**
     * The site its events go to. Without it: the tenant's only site when it has one, else the
     * `default` site, made then (the answer's siteId says which).
     */
    siteId: Id.optional(),
    enabled: z.boolean().default(true),
    redaction: RedactionSettings.optional(),
  })
  .strict();
export type CreateSourceInput = z.infer<typeof CreateSourceInput>;

export const CreatedSource = Source.extend({
  /** Only for webhooks, and only in this answer: send it as `Authorization: Bearer {token}`. */
  token: z.string().optional(),
});
export type CreatedSource = z.infer<typeof CreatedSource>;

export const sourcesMethods = {
  'sources.list': defineMethod({
    name: 'sources.list',
    summary: 'Sources of the tenant with their health, by name.',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(Source) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sources.get': defineMethod({
    name: 'sources.get',
    summary: 'One source with its (masked) config and health.',
    input: z.object({ id: Id }).strict(),
    output: Source,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sources.create': defineMethod({
    name: 'sources.create',
    summary:
      'Adds a source and starts it when enabled. A webhook answers its token once. File-reading kinds (folder, logfile) need an admin.',
    input: CreateSourceInput,
    output: CreatedSource,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sources.update': defineMethod({
    name: 'sources.update',
    summary:
      'Renames, reconfigures, moves to another site, changes redaction, enables or disables a source (it restarts with the new config). Events already stored stay where they are.',
    input: z
      .object({
        id: Id,
        name: SourceName.optional(),
        siteId: Id.optional(),
        config: SourceConfig.optional(),
        redaction: RedactionSettings.optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    output: Source,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sources.delete': defineMethod({
    name: 'sources.delete',
    summary: 'Stops and removes a source. Its events stay.',
    input: z.object({ id: Id }).strict(),
    output: Ok,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sources.test': defineMethod({
    name: 'sources.test',
    summary:
      'Tries a config without saving it: reachability, credentials, permissions. File-reading kinds say only whether the path is readable, and need an admin.',
    input: z.object({ kind: SourceKindSchema, config: SourceConfig }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
    access: 'technician',
    tenantScoped: true,
    mutates: false,
  }),
  'sources.health': defineMethod({
    name: 'sources.health',
    summary: 'Health of every source of the tenant.',
    input: z.object({}).strict(),
    output: z.object({
      items: z.array(z.object({ id: Id, name: z.string(), kind: SourceKindSchema, health: SourceHealthSchema })),
    }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
};
