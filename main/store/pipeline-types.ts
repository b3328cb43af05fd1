import type { Event, EventKind, EventSeverity, Group, GroupTemplate, MediaRefInfo } from '../contract/index.js';
import type { AlertRulesRepository, AlertsRepository } from './alert-types.js';
import type {
  CheckpointsRepository,
  DeviceSitesRepository,
  DevicesRepository,
  MinerStateRepository,
  SourcesRepository,
} from './source-types.js';
import type { Scope } from './types.js';

/** Rows that belong to one site (events, groups, vectors, …) are written with both ids. */
export interface SiteScope {
  tenantId: string;
  siteId: string;
}

/** One page of a keyset-paginated list; pass `nextCursor` back as `cursor` (null: last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- events -------------------------------------------------------------------------------

export type EventRow = Event;

/**
 * One event as the pipeline stores it, after fingerprinting and grouping. `groupId` is the
 * group of `templateId`; when that group was merged meanwhile, the store follows `mergedInto`.
 */
export interface EventInsert {
  sourceId: string;
  externalId: string | null;
  templateId: string;
  groupId: string;
  time: number;
  receivedAt: number;
  severity: EventSeverity;
  kind: EventKind;
  device: string | null;
  label: string | null;
  message: string;
  category: string | null;
  attributes: Record<string, unknown>;
  media: MediaRefInfo[];
  /** Redaction rules that changed the event, with how many times each did; absent or empty: none. */
  redactions?: Record<string, number>;
}

export interface InsertBatchResult {
  /** The stored id of each row, in order (an existing id when `externalId` matched). */
  ids: string[];
  /** Per row: true when a new event was stored, false when an existing one was updated in place. */
  created: boolean[];
  /** The group each row was counted in (differs from the row's groupId after a merge). */
  groupIds: string[];
}

export interface EventListQuery {
  siteId?: string;
  since?: number;
  until?: number;
  device?: string;
  label?: string;
  /** At least this severity. */
  severity?: EventSeverity;
  groupId?: string;
  sourceId?: string;
  kind?: EventKind;
  acknowledged?: boolean;
  cursor?: string;
  limit: number;
}

export interface EventsRepository {
  /**
   * Stores a micro-batch in ONE transaction and, in that transaction, adds to each group's count,
   * first/last seen and max severity, to the per-minute counts, and to device last seen. Updates
   * in place (no count added) when (sourceId, externalId) is already stored.
   */
  insertBatch(scope: SiteScope, rows: readonly EventInsert[]): InsertBatchResult;
  get(scope: Scope, id: string): EventRow | undefined;
  /** In the order of `ids`; unknown ids are left out. */
  getMany(scope: Scope, ids: readonly string[]): EventRow[];
  /**
   * Which of these devices of the site ever sent a detection (or an event with media): cameras,
   * however many other events (lost signal, status) they sent since.
   */
  camerasAmong(scope: Scope, siteId: string, devices: readonly string[]): Set<string>;
  /** Newest first (time, then the order they were stored). Throws `invalid_input` on a cursor it did not make. */
  list(scope: Scope, query: EventListQuery): Page<EventRow>;
  /** Returns how many were newly acknowledged (already acknowledged ones keep who and when). */
  acknowledge(scope: Scope, ids: readonly string[], by: string, at?: number): number;
}

// ---- groups and templates -----------------------------------------------------------------

export type GroupRow = Group;
export type GroupSort = 'lastSeen' | 'count' | 'firstSeen';

export interface GroupListQuery {
  siteId?: string;
  tag?: string;
  category?: string;
  sort: GroupSort;
  cursor?: string;
  limit: number;
  /** Clock for the sparkline (defaults to now). */
  now?: number;
}

export interface TemplateRow extends GroupTemplate {
  siteId: string;
  groupId: string;
  /** The miner's stable key for the template (unique per site). */
  key: string;
}

/** A part of a split by position: one value's template key and text, and the events it takes. */
export interface PositionPart {
  key: string;
  template: string;
  eventIds: readonly string[];
}

export interface GroupsRepository {
  /**
   * A new group founded by a new template (joinedBy `template`). `similarityPending`: its likeness
   * to the other groups is checked once its embedding arrives (`joinBySimilarity` or
   * `similarityChecked`); until then it is listed among `groupVectors.missing` as pending.
   */
  create(
    scope: SiteScope,
    data: {
      key: string;
      template: string;
      category?: string | null;
      tags?: string[];
      at?: number;
      similarityPending?: boolean;
    },
  ): { group: GroupRow; template: TemplateRow };
  get(scope: Scope, id: string, now?: number): GroupRow | undefined;
  /** In the order of `ids`; unknown ids are left out. */
  getMany(scope: Scope, ids: readonly string[], now?: number): GroupRow[];
  /** Groups not merged into another. Throws `invalid_input` on a foreign cursor. */
  list(scope: Scope, query: GroupListQuery): Page<GroupRow>;
  setCategory(scope: Scope, id: string, category: string | null): GroupRow | undefined;
  tag(scope: Scope, id: string, change: { add?: readonly string[]; remove?: readonly string[] }): GroupRow | undefined;
  /**
   * Moves the sources' templates, events and counts into the target, marks them mergedInto the
   * target and drops their vectors. `not_found` for an unknown id; `conflict` across sites, for a
   * group already merged away, or when the target is among the sources.
   */
  merge(scope: Scope, targetId: string, sourceIds: readonly string[]): GroupRow;
  /**
   * A pending group's embedding found it like `targetId`: its templates join the target by
   * similarity, its events and counts move there, and it is marked merged into the target.
   * Returns the target. `not_found` / `conflict` as for `merge`.
   */
  joinBySimilarity(scope: SiteScope, groupId: string, targetId: string, similarity: number): GroupRow;
  /** A pending group's likeness was checked and it stays a group of its own. */
  similarityChecked(scope: SiteScope, groupId: string): void;
  /**
   * Moves one template (and its events) out into a new group of its own and recounts both.
   * `not_found` for an unknown group or template; `conflict` when it is the group's only template.
   * The new group has no vector yet: the caller embeds its template.
   */
  split(scope: Scope, groupId: string, templateId: string): GroupRow;
  /** The id and message of every event of a template in a group, oldest first (for a split by position). */
  templateEvents(scope: Scope, groupId: string, templateId: string): { id: string; message: string }[];
  /**
   * A split by position: the template's events move to one template per part; the first part stays
   * in the group, each other part founds a group. Returns the group, then the new groups. Run it
   * inside `store.transaction` with the miner state that records the split. New groups have no
   * vector yet: the caller embeds their templates.
   */
  splitByParts(scope: Scope, groupId: string, templateId: string, parts: readonly PositionPart[]): GroupRow[];
}

export interface TemplatesRepository {
  findByKey(scope: SiteScope, key: string): TemplateRow | undefined;
  get(scope: Scope, id: string): TemplateRow | undefined;
  listForGroup(scope: Scope, groupId: string): TemplateRow[];
  /** Joins a new template to an existing group (a similarity join shows its similarity). */
  add(
    scope: SiteScope,
    data: {
      key: string;
      template: string;
      groupId: string;
      joinedBy: 'template' | 'similarity';
      similarity: number | null;
      at?: number;
    },
  ): TemplateRow;
  /** The miner generalised a template (new wildcards); the founding template also renames its group. */
  rename(scope: Scope, id: string, template: string): void;
}

// ---- vectors ------------------------------------------------------------------------------

export interface VectorSpace {
  dimension: number;
  model: string;
}

export interface GroupNeighbour {
  groupId: string;
  /** L2 distance between normalised vectors. */
  distance: number;
  /** Cosine similarity, 1 − d²/2 for normalised vectors. */
  similarity: number;
}

export interface StoredVector {
  groupId: string;
  siteId: string;
  /** Stable integer key of the group (for an ANN index such as usearch). */
  key: number;
  vector: Float32Array;
}

export interface MissingVector {
  groupId: string;
  siteId: string;
  template: string;
  similarityPending: boolean;
  /** Where the next page starts (`afterSeq`). */
  seq: number;
}

/** One vec0 table for the installation; vectors must be L2-normalised. */
export interface GroupVectorsRepository {
  /** The space the stored vectors were made in; undefined before `ensureSpace`. */
  space(): VectorSpace | undefined;
  /**
   * Makes the table hold vectors of this dimension and model. When either changes the table is
   * recreated empty and `rebuild` is true: every group's template must be embedded again.
   */
  ensureSpace(space: VectorSpace): { rebuild: boolean };
  /** Throws `invalid_input` when the vector's length is not the space's dimension. */
  upsert(scope: SiteScope, groupId: string, vector: Float32Array): void;
  remove(scope: Scope, groupId: string): void;
  get(scope: Scope, groupId: string): Float32Array | undefined;
  /** The k nearest groups of the same tenant and site, nearest first. */
  nearest(scope: SiteScope, vector: Float32Array, k: number, exclude?: readonly string[]): GroupNeighbour[];
  /** Every vector of the tenant (of the site when the scope has one), for rebuilding an ANN index. */
  all(scope: Scope): IterableIterator<StoredVector>;
  count(scope: Scope): number;
  /**
   * Groups of the tenant without a vector (to embed after a rebuild, a split or a restart), oldest
   * first, after `afterSeq` when given; `similarityPending` for those whose likeness is still to check.
   */
  missing(scope: Scope, limit: number, afterSeq?: number): MissingVector[];
}

// ---- counts -------------------------------------------------------------------------------

export interface MinuteCount {
  groupId: string;
  /** UTC minutes since the epoch: floor(ms / 60000). */
  minute: number;
  count: number;
}

export interface CountsRepository {
  /** Per-minute counts of one group from `fromMinute` to `toMinute` inclusive, zeros filled, oldest first. */
  series(scope: Scope, groupId: string, fromMinute: number, toMinute: number): number[];
  /** Non-zero counts of every group of the scope at or after `sinceMinute` (spike baselines). */
  since(scope: Scope, sinceMinute: number): MinuteCount[];
}

// ---- keyword search -----------------------------------------------------------------------

export interface KeywordQuery {
  text: string;
  limit: number;
  siteId?: string;
  since?: number;
  until?: number;
  device?: string;
  label?: string;
}

export interface KeywordHit {
  id: string;
  /** Higher is better (negated bm25). */
  score: number;
}

export interface SearchRepository {
  /** FTS5 over message, device and label; the text is quoted term by term, never passed raw. */
  events(scope: Scope, query: KeywordQuery): KeywordHit[];
  /** FTS5 over group templates (groups merged away are left out); time filters use last seen. */
  groups(scope: Scope, query: KeywordQuery): KeywordHit[];
}

export interface PipelineRepositories {
  sources: SourcesRepository;
  checkpoints: CheckpointsRepository;
  events: EventsRepository;
  groups: GroupsRepository;
  templates: TemplatesRepository;
  groupVectors: GroupVectorsRepository;
  counts: CountsRepository;
  alerts: AlertsRepository;
  alertRules: AlertRulesRepository;
  devices: DevicesRepository;
  deviceSites: DeviceSitesRepository;
  minerState: MinerStateRepository;
  search: SearchRepository;
}
