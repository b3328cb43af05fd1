import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis, Ok } from './common.js';
import { Event } from './events.js';
import { SingleLine } from './text-rules.js';

/*
 * Sync between sites and the hub (issue 14). Hub methods (`sync.createEnrolment`, `hub.*`) are
 * served by an installation running as the hub (`outpost serve --role hub`); site methods
 * (`sync.enrol`, `sync.status`, `sync.now`, `sync.conflicts`, `sync.resolveConflict`) by a site.
 * The other role answers `conflict` naming the role it needs. Seeing sync state is for viewers and
 * up (Home shows it); resolving a conflict writes a document, a technician's job; enrolling,
 * creating codes and revoking sites decide who may send data to the hub: admins only.
 */

/** An enrolment code as typed: groups of letters and digits, dashes and spaces ignored. */
export const EnrolmentCodeInput = z
  .string()
  .trim()
  .min(16, 'must be the code the hub showed (20 letters and digits)')
  .max(40, 'must be the code the hub showed (20 letters and digits)');

const HubUrl = z
  .url({ protocol: /^https?$/, error: 'must be the hub address, e.g. http://10.213.0.1:4870' })
  .max(500, 'must be at most 500 characters');

export const SYNC_STATES = [
  /** Not enrolled with any hub. */
  'not-enrolled',
  /** Enrolment entered; the code is used at the next connection. */
  'pending',
  /** Connected; nothing waiting to be sent. */
  'synced',
  /** Connected; records are being sent. */
  'sending',
  /** The hub cannot be reached; records wait in the outbox. */
  'offline',
  /** The hub refused (a bad or used code, a revoked site, a version to upgrade): see `lastError`. */
  'refused',
] as const;
export const SyncState = z.enum(SYNC_STATES);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  siteId: Id,
  state: SyncState,
  hubUrl: z.string().nullable(),
  /** The site's id on the hub (what `events.list {siteId}` takes there). */
  hubSiteId: Id.nullable(),
  enrolledAt: Millis.nullable(),
  outbox: z.object({
    /** Records written here and not yet acknowledged by the hub. */
    records: z.number().int().nonnegative(),
    /** When the oldest of them was written. */
    oldestAt: Millis.nullable(),
    /** Records per second the hub acknowledged lately, when known. */
    ratePerSecond: z.number().nonnegative().nullable(),
    /** Seconds until the outbox is empty at that rate, when known. */
    etaSeconds: z.number().nonnegative().nullable(),
  }),
  lastPushAt: Millis.nullable(),
  lastPullAt: Millis.nullable(),
  lastContactAt: Millis.nullable(),
  /** What went wrong at the last attempt, in words a user can act on. */
  lastError: z.string().nullable(),
  clock: z.object({
    /** Hub clock minus this site's clock, measured at the last exchange (ms). */
    offsetMs: z.number().nullable(),
    /** True when the offset is over a minute: times shown here and on the hub differ by that much. */
    skewed: z.boolean(),
    measuredAt: Millis.nullable(),
  }),
  /** Documents edited on both sides that wait for a user. */
  conflicts: z.number().int().nonnegative(),
  /** Set when the hub and this site speak different protocol versions: what to upgrade. */
  upgrade: z.string().nullable(),
  hubVersion: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const TUNNEL_HEALTH = ['up', 'stale', 'down', 'none'] as const;

export const HubSite = z.object({
  siteId: Id,
  name: z.string(),
  enrolledAt: Millis,
  revokedAt: Millis.nullable(),
  /** `ok`: heard from lately; `late`: not for a while; `never`: enrolled, nothing received yet. */
  reachability: z.enum(['ok', 'late', 'never', 'revoked']),
  lastSyncAt: Millis.nullable(),
  lastPushAt: Millis.nullable(),
  lastPullAt: Millis.nullable(),
  /** Records the site reported waiting in its outbox at its last contact. */
  outboxLag: z.number().int().nonnegative(),
  /** Highest sequence number applied here. */
  ackedSeq: z.number().int().nonnegative(),
  /** Hub clock minus the site's clock at the last exchange (ms). */
  clockOffsetMs: z.number().nullable(),
  skewed: z.boolean(),
  tunnel: z.object({
    peerId: Id.nullable(),
    state: z.enum(TUNNEL_HEALTH),
    handshakeAgeSeconds: z.number().nullable(),
  }),
  openAlerts: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  siteVersion: z.string().nullable(),
  upgrade: z.string().nullable(),
});
export type HubSite = z.infer<typeof HubSite>;

export const HubEnrolment = z.object({
  id: Id,
  siteName: z.string(),
  createdAt: Millis,
  createdBy: z.string(),
  expiresAt: Millis,
  usedAt: Millis.nullable(),
  siteId: Id.nullable(),
});

export const SYNC_DOC_KINDS = [
  'source',
  'alertRule',
  'integration',
  'sitemapDraft',
  'user',
  'release',
  'releasePointer',
  'tunnel',
  'alert',
] as const;
export const SyncDocKind = z.enum(SYNC_DOC_KINDS);
export type SyncDocKind = z.infer<typeof SyncDocKind>;

/** Documents a site also changes and sends to the hub; the others come from the hub only. */
export const TWO_WAY_DOC_KINDS = [
  'source',
  'alertRule',
  'integration',
  'sitemapDraft',
  'releasePointer',
] as const satisfies readonly SyncDocKind[];

export const SyncConflict = z.object({
  id: Id,
  siteId: Id,
  kind: SyncDocKind,
  docId: z.string(),
  /** What the document is, in words ("Site map draft", "Source Gate cameras"). */
  title: z.string(),
  /** The fields both sides changed differently (dotted paths). */
  fields: z.array(z.string()),
  /** The version last agreed, this site's and the hub's (null: absent or deleted). */
  base: z.unknown(),
  local: z.unknown(),
  hub: z.unknown(),
  createdAt: Millis,
});
export type SyncConflict = z.infer<typeof SyncConflict>;

const SiteChoice = z.object({ siteId: Id.optional() }).strict();
const site = { tenantScoped: true } as const;

export const syncMethods = {
  'sync.createEnrolment': defineMethod({
    name: 'sync.createEnrolment',
    summary: 'Hub: a one-time enrolment code for a new site (shown once; only its hash is kept; expires; used once).',
    input: z
      .object({
        siteName: SingleLine(120),
        ttlMinutes: z.number().int().min(5).max(43_200).default(1440),
      })
      .strict(),
    output: z.object({ id: Id, code: z.string(), expiresAt: Millis, siteName: z.string() }),
    access: 'admin',
    serves: 'hub',
    ...site,
    mutates: true,
  }),
  'sync.enrol': defineMethod({
    name: 'sync.enrol',
    summary:
      'Site: enrols a site with a hub using its code. Works offline: the code is kept and used at the next connection.',
    input: z.object({ hubUrl: HubUrl, code: EnrolmentCodeInput, siteId: Id.optional() }).strict(),
    output: SyncStatus,
    access: 'admin',
    serves: 'site',
    ...site,
    mutates: true,
  }),
  'sync.status': defineMethod({
    name: 'sync.status',
    summary: "Site: the site's sync state, outbox, last push and pull, clock offset and conflicts.",
    input: SiteChoice,
    output: SyncStatus,
    access: 'viewer',
    serves: 'site',
    ...site,
    mutates: false,
  }),
  'sync.now': defineMethod({
    name: 'sync.now',
    summary: 'Site: pushes and pulls now instead of at the next interval; answers the state afterwards.',
    input: SiteChoice,
    output: SyncStatus,
    access: 'technician',
    serves: 'site',
    ...site,
    mutates: false,
  }),
  'sync.conflicts': defineMethod({
    name: 'sync.conflicts',
    summary: 'Site: documents edited here and on the hub since they last agreed, with both versions.',
    input: SiteChoice,
    output: z.object({ items: z.array(SyncConflict) }),
    access: 'operator',
    serves: 'site',
    ...site,
    mutates: false,
  }),
  'sync.resolveConflict': defineMethod({
    name: 'sync.resolveConflict',
    summary:
      "Site: ends a conflict by keeping this site's version, the hub's, or a merged one; the result is sent to the hub.",
    input: z
      .object({
        id: Id,
        keep: z.enum(['site', 'hub', 'merged']),
        /** With `merged`: the whole document as it should be (same shape as `local` and `hub`). */
        merged: z.unknown().optional(),
      })
      .strict(),
    output: Ok,
    access: 'technician',
    serves: 'site',
    ...site,
    mutates: true,
  }),
  'hub.sites': defineMethod({
    name: 'hub.sites',
    summary: "Hub: the tenant's enrolled sites with last sync, outbox lag, tunnel state, open alerts and clock offset.",
    input: z.object({}).strict(),
    output: z.object({ items: z.array(HubSite), at: Millis }),
    access: 'operator',
    serves: 'hub',
    ...site,
    mutates: false,
  }),
  'hub.enrolments': defineMethod({
    name: 'hub.enrolments',
    summary: 'Hub: enrolment codes made, with their state (never the codes themselves).',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(HubEnrolment) }),
    access: 'admin',
    serves: 'hub',
    ...site,
    mutates: false,
  }),
  'hub.revokeSite': defineMethod({
    name: 'hub.revokeSite',
    summary: "Hub: cuts a site's sync at once (its credential stops working) and removes its tunnel peer.",
    input: z.object({ siteId: Id }).strict(),
    output: Ok,
    access: 'admin',
    serves: 'hub',
    ...site,
    mutates: true,
  }),
  'hub.search': defineMethod({
    name: 'hub.search',
    summary: "Hub: events of every enrolled site matching words, newest match first, with each event's site.",
    input: z
      .object({
        text: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
        limit: z.number().int().min(1).max(200).default(50),
        siteId: Id.optional(),
      })
      .strict(),
    output: z.object({
      items: z.array(z.object({ siteId: Id, siteName: z.string(), event: Event })),
    }),
    access: 'viewer',
    serves: 'hub',
    ...site,
    mutates: false,
  }),
};
