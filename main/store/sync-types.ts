import type { SyncDocKind } from '../contract/index.js';
import type { SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

/*
 * Sync's rows (migration 014). Site side: uplinks, the outbox, document bases and conflicts. Hub
 * side: enrolments, enrolled sites with where their streams stand, the change log. Records are
 * plain JSON values here; main/sync/protocol checks their shapes on the way in.
 */

export type UplinkState = 'pending' | 'active' | 'refused';

export interface UplinkRow {
  siteId: string;
  tenantId: string;
  hubUrl: string;
  state: UplinkState;
  sealedCode: string | null;
  hubId: string | null;
  hubSiteId: string | null;
  hubSiteName: string | null;
  sealedCredential: string | null;
  /** Last outbox sequence number given out. */
  lastSeq: number;
  /** Highest sequence the hub applied completely. */
  ackedSeq: number;
  /** Lowest sequence still in the outbox (those below were trimmed). */
  keptFrom: number;
  pullCursor: number;
  maxRequestBytes: number | null;
  hubVersion: string | null;
  upgrade: string | null;
  clockOffsetMs: number | null;
  clockMeasuredAt: number | null;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastContactAt: number | null;
  lastError: string | null;
  enrolledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type UplinkPatch = Partial<
  Pick<
    UplinkRow,
    | 'hubUrl'
    | 'state'
    | 'sealedCode'
    | 'hubId'
    | 'hubSiteId'
    | 'hubSiteName'
    | 'sealedCredential'
    | 'ackedSeq'
    | 'pullCursor'
    | 'maxRequestBytes'
    | 'hubVersion'
    | 'upgrade'
    | 'clockOffsetMs'
    | 'clockMeasuredAt'
    | 'lastPushAt'
    | 'lastPullAt'
    | 'lastContactAt'
    | 'lastError'
    | 'enrolledAt'
  >
>;

/** One outbox entry as stored. */
export interface OutboxRow {
  seq: number;
  kind: string;
  ref: string;
  refTo: string | null;
  detail: string | null;
  records: number;
  createdAt: number;
}

/** Tables a snapshot re-sends whole (after enrolment, or to a hub restored from an older backup). */
export const SNAPSHOT_TABLES = ['groups', 'events', 'media', 'alerts', 'audit', 'docs'] as const;
export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];

/** An item of an outbox entry: its key and records (the row's state now, plus what it needs first). */
export interface OutboxItem {
  key: string;
  records: unknown[];
}

export interface DocBase {
  baseVersion: number;
  baseBody: unknown;
  readOnly: boolean;
}

export interface ConflictRow {
  id: string;
  tenantId: string;
  siteId: string;
  kind: SyncDocKind;
  docId: string;
  fields: string[];
  base: unknown;
  local: unknown;
  hub: unknown;
  hubVersion: number;
  readOnly: boolean;
  createdAt: number;
}

export interface SyncSiteRepository {
  uplink(scope: SiteScope): UplinkRow | undefined;
  /** Every uplink of the installation (the background sync loop's work list). */
  allUplinks(): UplinkRow[];
  uplinksOfTenant(scope: Scope): UplinkRow[];
  /**
   * Enrols `scope`'s site (or enrols it again): the uplink becomes pending with the sealed code, and
   * in the same transaction a snapshot of everything the site holds is queued, so history recorded
   * before enrolment reaches the hub too. Answers the row.
   */
  enrol(scope: SiteScope, data: { hubUrl: string; sealedCode: string; at: number }): UplinkRow;
  update(scope: SiteScope, patch: UplinkPatch, at: number): void;
  /** Records not yet acknowledged (entries after `ackedSeq`) and when the oldest was written. */
  pending(siteId: string, ackedSeq: number): { records: number; oldestAt: number | null };
  /** Outbox entries with seq ≥ from, in order. */
  entries(siteId: string, from: number, limit: number): OutboxRow[];
  /** The records of an entry after key `after`, in key order. */
  items(
    scope: SiteScope,
    entry: OutboxRow,
    after: string | null,
    limit: number,
  ): { items: OutboxItem[]; done: boolean };
  /** Deletes entries up to `through` (acknowledged and older than what must be kept). */
  trim(siteId: string, through: number): void;
  /** Queues a snapshot of the tables (new entries at the end); answers the first new seq. */
  enqueueSnapshot(scope: SiteScope, tables: readonly SnapshotTable[], at: number): number;
  /** Unacknowledged document entries of the site (kind:docId), so a pull never applies over them. */
  unsentDocs(siteId: string, ackedSeq: number): Set<string>;
  docBase(siteId: string, kind: SyncDocKind, docId: string): DocBase | undefined;
  setDocBase(siteId: string, kind: SyncDocKind, docId: string, base: DocBase): void;
  openConflict(siteId: string, kind: SyncDocKind, docId: string): ConflictRow | undefined;
  conflicts(scope: Scope, siteId?: string): ConflictRow[];
  conflict(scope: Scope, id: string): ConflictRow | undefined;
  /** Records (or refreshes the hub side of) the open conflict of a document. */
  recordConflict(
    scope: SiteScope,
    row: Omit<ConflictRow, 'id' | 'tenantId' | 'siteId' | 'createdAt'>,
    at: number,
  ): void;
  resolveConflict(scope: Scope, id: string, by: string, resolution: string, at: number): void;
  countConflicts(siteId: string): number;
}

export interface EnrolmentRow {
  id: string;
  tenantId: string;
  siteName: string;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  usedAt: number | null;
  siteId: string | null;
}

export interface HubSiteRow {
  siteId: string;
  tenantId: string;
  name: string;
  originSiteId: string;
  enrolledAt: number;
  revokedAt: number | null;
  ackedSeq: number;
  partialSeq: number | null;
  partialAfter: string | null;
  partialFragment: number;
  pending: number;
  oldestPendingAt: number | null;
  pullCursor: number;
  conflicts: number;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastSyncAt: number | null;
  clockOffsetMs: number | null;
  siteVersion: string | null;
  siteProtocol: number | null;
  siteSchema: number | null;
  upgrade: string | null;
  tunnelPeerId: string | null;
}

export type HubSitePatch = Partial<
  Pick<
    HubSiteRow,
    | 'ackedSeq'
    | 'partialSeq'
    | 'partialAfter'
    | 'partialFragment'
    | 'pending'
    | 'oldestPendingAt'
    | 'pullCursor'
    | 'conflicts'
    | 'lastPushAt'
    | 'lastPullAt'
    | 'lastSyncAt'
    | 'clockOffsetMs'
    | 'siteVersion'
    | 'siteProtocol'
    | 'siteSchema'
    | 'upgrade'
    | 'tunnelPeerId'
  >
>;

export interface ChangeRow {
  seq: number;
  kind: SyncDocKind;
  docId: string;
  version: number;
  origin: 'hub' | 'site';
}

export interface SyncHubRepository {
  createEnrolment(
    scope: Scope,
    data: { siteName: string; codeHash: string; expiresAt: number; createdBy: string; at: number },
  ): EnrolmentRow;
  enrolments(scope: Scope): EnrolmentRow[];
  /**
   * Spends a code: the unused, unexpired enrolment with this hash becomes used, a site is created
   * for it and enrolled with the credential's hash, all in one transaction. Undefined for any
   * unknown, used or expired code (the caller cannot tell which: neither can a guesser).
   */
  redeem(
    codeHash: string,
    data: {
      /** The credential's hash for the new site's id (credentials name their site). */
      credentialFor: (siteId: string) => string;
      originSiteId: string;
      slugFor: (name: string) => string;
      at: number;
    },
  ): HubSiteRow | undefined;
  /** The enrolled site a credential belongs to, revoked or not (the caller checks). */
  siteByCredential(siteId: string): (HubSiteRow & { credentialHash: string }) | undefined;
  site(scope: Scope, siteId: string): HubSiteRow | undefined;
  sites(scope: Scope): HubSiteRow[];
  update(siteId: string, patch: HubSitePatch): void;
  revoke(scope: Scope, siteId: string, at: number): boolean;
  /** Staged fragments of a record (index order) and their checksum. */
  fragments(siteId: string): { idx: number; checksum: number; text: string }[];
  stageFragment(siteId: string, idx: number, checksum: number, text: string): void;
  clearFragments(siteId: string): void;
  changes(siteId: string, after: number, limit: number): ChangeRow[];
  lastChange(siteId: string): number;
  /** The current version of a document for a site (0: none) and who wrote it. */
  docVersion(siteId: string, kind: SyncDocKind, docId: string): { version: number; origin: 'hub' | 'site' | null };
  /** Writes the next version of a document in the change log (sync's own writes, which the triggers skip). */
  logChange(scope: SiteScope, kind: SyncDocKind, docId: string, origin: 'hub' | 'site', at: number): number;
  /** Open alerts per enrolled site of the tenant. */
  openAlerts(scope: Scope): Map<string, number>;
}

/** Per-kind document access, the same on both sides: the body as JSON, written under a site's own ids. */
export interface SyncDocsRepository {
  read(scope: SiteScope, kind: SyncDocKind, docId: string): unknown;
  /** Writes a body (null deletes); throws OutpostError `conflict` when it cannot (a name taken, an id of another site). */
  write(scope: SiteScope, kind: SyncDocKind, docId: string, body: unknown, at: number): void;
  /** Ids of the site's documents of a kind (for snapshots). */
  ids(scope: SiteScope, kind: SyncDocKind): string[];
  /** The origin id of an alert mirrored on the hub, or the hub copy of an origin alert id. */
  alertCopy(scope: SiteScope, originId: string): string | undefined;
}

/** A file a site's documents name by its SHA-256 (a site-map layer of a draft or a release). */
export interface SyncFile {
  sha256: string;
  contentType: string;
  size: number;
}

export interface SyncFilesRepository {
  /** Every file the site's drafts and releases name, once per hash. */
  list(scope: SiteScope): SyncFile[];
  /** The file, when one of the site's drafts or releases names it. */
  find(scope: SiteScope, sha256: string): SyncFile | undefined;
}

/** Applies a site's records on the hub, under the hub's id for the site; every record is idempotent. */
export interface SyncApplyRepository {
  /** Applies records (already validated); answers how many documents and alerts need a change-log entry back. */
  apply(scope: SiteScope, records: readonly unknown[], receivedAt: number): { applied: number };
}
