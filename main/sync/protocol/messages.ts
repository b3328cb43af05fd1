import { z } from 'zod';
import { Id, Millis, SyncDocKind } from '../../contract/index.js';
import { TunnelDoc } from './docs.js';
import { PushRecord } from './records.js';

/*
 * The messages between a site and the hub: JSON bodies over HTTP(S), each request gzip-compressed
 * and under the hub's request limit (learnt at hello). The hub's answers name the position it
 * expects next, and the site always continues from there: a lost answer, a duplicated or reordered
 * request, or a hub restored from an older backup all resolve the same way.
 */

const Seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Keys of records inside an entry (ids), in the order they are sent. */
const Key = z.string().min(1).max(200);

/**
 * Where the outbox stream stands: entry `seq`, after the record with key `after` (null: from the
 * entry's start), and inside a record sent in fragments, how many fragments arrived.
 */
export const Position = z
  .object({ seq: Seq, after: Key.nullable(), fragment: z.number().int().nonnegative() })
  .strict();
export type Position = z.infer<typeof Position>;

export const Versions = {
  protocol: z.number().int().positive(),
  minProtocol: z.number().int().positive(),
  appVersion: z.string().max(64),
  schemaVersion: z.number().int().nonnegative(),
};

/** A slice of one record's JSON text, when the record alone is over the request limit. */
export const Fragment = z
  .object({
    key: Key,
    index: z.number().int().nonnegative(),
    count: z.number().int().positive().max(100_000),
    /** Length (UTF-16 code units) and FNV-1a of the whole text, checked when the last fragment arrives. */
    length: z.number().int().positive(),
    checksum: z.number().int().nonnegative(),
    text: z.string(),
  })
  .strict()
  .refine((f) => f.index < f.count, { message: 'index must be below count', path: ['index'] });
export type Fragment = z.infer<typeof Fragment>;

/**
 * One part of one outbox entry: the entry's records after `after` up to `next` (or, in `fragment`,
 * a slice of one record). `done` ends the entry. `skipTo` says entries `seq`..`skipTo` are gone
 * (trimmed, then the hub forgot them: a snapshot follows).
 */
export const Part = z
  .object({
    seq: Seq.min(1),
    after: Key.nullable(),
    next: Key.nullable(),
    done: z.boolean(),
    records: z.array(z.unknown()).max(100_000),
    fragment: Fragment.optional(),
    skipTo: Seq.optional(),
  })
  .strict();
export type Part = Omit<z.infer<typeof Part>, 'records'> & { records: unknown[] };

export const PushRequest = z
  .object({
    parts: z.array(Part).min(1).max(10_000),
    /** Records waiting on the site after this request (for the hub's lag column). */
    pending: z.number().int().nonnegative(),
    sentAt: Millis,
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

export { PushRecord };

export const PushAnswer = z
  .object({
    /** Highest entry applied completely, in order. */
    acked: Seq,
    /** Where the next request must start. */
    resume: Position,
    /** `applied`: the request's parts went in; `duplicate`: nothing new in it; `gap`: it started after `resume`. */
    outcome: z.enum(['applied', 'duplicate', 'gap']),
    records: z.number().int().nonnegative(),
    receivedAt: Millis,
    answeredAt: Millis,
  })
  .strict();
export type PushAnswer = z.infer<typeof PushAnswer>;

export const HelloRequest = z
  .object({
    ...Versions,
    sentAt: Millis,
    /** Records waiting in the site's outbox, and since when. */
    pending: z.number().int().nonnegative(),
    oldestAt: Millis.nullable(),
    conflicts: z.number().int().nonnegative(),
    /** The last change-log cursor the site applied. */
    pullCursor: Seq,
  })
  .strict();
export type HelloRequest = z.infer<typeof HelloRequest>;

export const HelloAnswer = z
  .object({
    ...Versions,
    hubId: z.string().max(64),
    siteId: Id,
    siteName: z.string(),
    acked: Seq,
    resume: Position,
    /** The largest request body the hub accepts (compressed and uncompressed). */
    maxRequestBytes: z.number().int().min(16_384),
    /** Set when the two cannot sync: which side to upgrade, in words. */
    upgrade: z.object({ side: z.enum(['site', 'hub']), message: z.string() }).nullable(),
    receivedAt: Millis,
    answeredAt: Millis,
  })
  .strict();
export type HelloAnswer = z.infer<typeof HelloAnswer>;

export const EnrolRequest = z
  .object({
    ...Versions,
    code: z.string().min(16).max(40),
    site: z.object({ id: Id, name: z.string().max(200) }).strict(),
    sentAt: Millis,
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolAnswer = z
  .object({
    hubId: z.string().max(64),
    siteId: Id,
    siteName: z.string(),
    /** The site's secret for every later request (`Authorization: Bearer <credential>`); only its hash stays on the hub. */
    credential: z.string().min(32).max(200),
    /**
     * The site's WireGuard config, when the hub has a tunnel interface for sites; `syncUrl`: where
     * the site sends its later requests (the hub's tunnel address), when the hub answers sync there.
     */
    tunnel: TunnelDoc.extend({
      syncUrl: z
        .url({ protocol: /^https?$/ })
        .max(2000)
        .nullable(),
    }).nullable(),
    hello: HelloAnswer,
  })
  .strict();
export type EnrolAnswer = z.infer<typeof EnrolAnswer>;

export const PullRequest = z
  .object({
    cursor: Seq,
    /** The largest answer the site wants (bytes of JSON, roughly). */
    maxBytes: z
      .number()
      .int()
      .min(16_384)
      .max(256 * 1024 * 1024),
    sentAt: Millis,
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

export const PullChange = z
  .object({
    seq: Seq,
    kind: SyncDocKind,
    docId: z.string().max(200),
    version: z.number().int().nonnegative(),
    /** The site may not change it (users, releases, tunnel configs, tenant-wide rules). */
    readOnly: z.boolean(),
    /** This version is the site's own change, applied on the hub: the site takes it as its new base, no merge. */
    fromSite: z.boolean(),
    body: z.unknown(),
  })
  .strict();
export type PullChange = z.infer<typeof PullChange>;

export const PullAnswer = z
  .object({
    changes: z.array(PullChange),
    /** The cursor after these changes. */
    cursor: Seq,
    /** True when nothing newer exists: the changes so far make a complete checkpoint. */
    complete: z.boolean(),
    receivedAt: Millis,
    answeredAt: Millis,
  })
  .strict();
export type PullAnswer = z.infer<typeof PullAnswer>;

export const AssetsMissingRequest = z
  .object({ sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(1000) })
  .strict();
export const AssetsMissingAnswer = z.object({ missing: z.array(z.string()) }).strict();

/** The error body of every sync route (the API's own shape). */
export const SyncErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), retryAfterSeconds: z.number().optional() }),
});
