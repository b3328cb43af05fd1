import type { MediaMeta } from '../contract/index.js';
import type { SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

export type MediaKind = 'snapshot' | 'clip' | 'thumbnail' | 'preview';
export type DeriveState = 'pending' | 'done' | 'failed' | 'none';

/** One stored file of an event: a snapshot or clip, or a thumbnail or preview strip made of one. */
export interface MediaRow {
  id: string;
  tenantId: string;
  siteId: string;
  eventId: string;
  parentId: string | null;
  kind: MediaKind;
  sha256: string;
  contentType: string;
  size: number;
  device: string | null;
  label: string | null;
  capturedAt: number;
  createdAt: number;
  meta: MediaMeta;
  deriveState: DeriveState;
  /** The file is on this machine (false: archived, expired or missing). */
  local: boolean;
  removedAt: number | null;
  removedReason: string | null;
  archiveObject: string | null;
  archiveBytes: number | null;
  archivedAt: number | null;
  /** The event carries an operator's keep. */
  kept: boolean;
}

export interface MediaInsert {
  id?: string;
  kind: MediaKind;
  sha256: string;
  contentType: string;
  size: number;
  meta?: MediaMeta;
}

/** Which local snapshots and clips a retention pass looks at; absent fields match everything. */
export interface MediaFilter {
  tenantId?: string;
  siteId?: string;
  device?: string;
  label?: string;
  capturedBefore?: number;
}

export interface MediaUsageRow {
  siteId: string;
  device: string | null;
  kind: MediaKind;
  files: number;
  bytes: number;
}

export interface MediaRepository {
  get(scope: Scope, id: string): MediaRow | undefined;
  /** Installation-wide, for background jobs that already hold the row's scope. */
  getAny(id: string): MediaRow | undefined;
  /** A row of the scope naming the hash (`GET /api/media/{sha256}` of files stored before media ids). */
  findBySha(scope: Scope, sha256: string): MediaRow | undefined;
  forEvents(scope: Scope, eventIds: readonly string[]): MediaRow[];
  /** Attaches a file to an existing event (a Frigate clip fetched after the event ended). */
  attach(scope: SiteScope, eventId: string, file: MediaInsert, now: number): MediaRow;
  /** Stores a thumbnail or preview strip of `parent` (replacing an earlier one of that kind). */
  addDerived(parent: MediaRow, file: MediaInsert, now: number): MediaRow;
  /** Oldest first, across tenants: snapshots and clips whose thumbnails are still to be made. */
  pendingDerivation(limit: number): MediaRow[];
  setDeriveState(id: string, state: DeriveState): void;
  keep(scope: Scope, eventId: string, by: string, note: string, now: number): void;
  unkeep(scope: Scope, eventId: string): void;
  isKept(scope: Scope, eventId: string): boolean;
  /** Local snapshots and clips matching `filter`, oldest first, `limit` at most, after `afterSeq`. */
  localPrimaries(filter: MediaFilter, limit: number): MediaRow[];
  localBytes(filter: MediaFilter): number;
  /**
   * Marks rows as gone from disk, with their thumbnails and strips unless `keepDerived` (an archived
   * file's event still shows what the archive holds); returns the hashes they named.
   */
  markRemoved(ids: readonly string[], reason: string, now: number, keepDerived?: boolean): string[];
  /** The archive holds the file: `object` is its key there, `bytes` its encrypted size. */
  markArchived(id: string, object: string, bytes: number, now: number): void;
  /** The local copy is back (restored from the archive). */
  markLocal(id: string): void;
  /** Whether any row (any tenant), site-map file or release still needs the blob on disk. */
  blobInUse(sha256: string): boolean;
  /** Every hash a local row names (reconciliation compares it with the files on disk). */
  localShas(): Set<string>;
  /** Local rows whose hash is one of `shas`. */
  localRowsWithSha(shas: readonly string[]): MediaRow[];
  countLocal(): number;
  usage(scope: Scope): MediaUsageRow[];
  archivedBytes(scope: Scope): number;
  archiveCount(scope: Scope): number;
  /** Snapshots and clips of `site` that an archive rule picks and are not archived yet. */
  archiveCandidates(
    scope: SiteScope,
    rule: { capturedBefore?: number; labels?: readonly string[]; keptOnly?: boolean },
    limit: number,
  ): MediaRow[];
  /** Snapshots and clips of events in a time range of the scope (export), oldest first. */
  inRange(
    scope: Scope,
    range: { from: number; to: number; device?: string; label?: string },
    limit: number,
  ): MediaRow[];
}
