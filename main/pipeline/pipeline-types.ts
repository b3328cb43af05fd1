import type { GuardedFetch } from '../outbound/index.js';
import type { TopicName, TopicPayload } from '../contract/index.js';
import type { AlertCandidate, GroupNeighbour, GroupRow, Scope, SiteScope, Store } from '../store/index.js';
import type { Embedder } from './embed/index.js';
import type { IngestSink } from './event-types.js';
import type { RelevanceFloors } from './relevance-floors.js';
import type { OutgoingWebhook } from './webhook-notifier.js';
import type { SourceLogger } from './sources/index.js';

/**
 * The `pipeline` settings as the pipeline reads them (the zod schema with defaults and env names is
 * `pipeline` in main/core/config-schema.ts, which must stay assignable to this).
 */
export interface PipelineConfig {
  grouping: { similarityThreshold: number };
  batch: { maxEvents: number; maxWaitMs: number };
  /** Passed to the stages' spike detector as is (validated by its schema in the config). */
  spike: Record<string, unknown>;
  redaction: {
    patterns: { name: string; pattern: string; flags?: string | undefined; replacement?: string | undefined }[];
    disable: string[];
  };
  classifier: {
    rules: {
      category: string;
      match: { field: 'message' | 'label' | 'device'; pattern: string };
      tags?: string[] | undefined;
    }[];
    minSimilarity?: number | undefined;
  };
  notify: { webhooks: OutgoingWebhook[] };
  /** Overrides of the measured relevance floors (relevance-floors.ts). */
  relevance?: { search?: number | undefined; similarGroups?: number | undefined };
  /** Groups per site above which nearest-group search uses the HNSW index instead of a vec0 scan. */
  annThreshold: number;
  /** How often device-silent rules are checked, in seconds. */
  deviceCheckSeconds: number;
  media: { maxBytes: number };
}

/** Publishes live updates; the Core's event bus fits. */
export interface PipelineBus {
  publish<T extends TopicName>(tenantId: string, topic: T, payload: TopicPayload<T>): void;
}

export interface PipelineOptions {
  store: Store;
  embedder: Embedder;
  bus: PipelineBus;
  logger: SourceLogger;
  config: PipelineConfig;
  /** Folder for the ANN index files (`<dataDir>/ann`). */
  annDir: string;
  /** The outbound guard's fetch (alert webhooks); a guard allowing nothing beyond public addresses by default. */
  fetch?: GuardedFetch;
  now?: () => number;
}

export interface Pipeline extends IngestSink {
  readonly embedder: Embedder;
  /** The similarity floors in force for this embedder (settings applied). */
  readonly floors: RelevanceFloors;
  /** A device's site changed (devices.setSite): the next batch reads the tenant's mapping again. */
  deviceSitesChanged(tenantId: string): void;
  /** A source's settings changed or it was removed: its next events read its redaction choice again. */
  sourceChanged(sourceId: string): void;
  /** Nearest groups of a site by embedding (vec0, or HNSW above the threshold). */
  nearestGroups(scope: SiteScope, vector: Float32Array, k: number, exclude?: readonly string[]): GroupNeighbour[];
  /** Embeds one text (search queries), in the tenant's turn on the shared worker. */
  embedText(text: string, tenantId: string): Promise<Float32Array>;
  /** After `groups.merge`: drops the merged groups from the ANN index and moves their open counts. */
  groupsMerged(scope: SiteScope, targetId: string, sourceIds: readonly string[]): void;
  /** After a site was removed: its groups leave the ANN index, the spike counts and the rule cache. */
  siteRemoved(scope: SiteScope, groupIds: readonly string[]): void;
  /**
   * Rebuilds the spike baselines of these groups from their stored minute counts, as at start-up
   * (after events were stored with past times, e.g. a sample site's history).
   */
  reseedSpikes(scope: SiteScope, groupIds: readonly string[]): void;
  /** After `groups.split`: embeds the new group's template so similarity search finds it. */
  groupSplit(scope: SiteScope, groupId: string, template: string): Promise<void>;
  /**
   * `groups.splitByPosition`: one group per value at a token position of the template, recorded in
   * the miner so later lines follow it. Returns the group, then the new groups.
   */
  splitByPosition(scope: Scope, groupId: string, templateId: string, position: number): Promise<GroupRow[]>;
  /** A template's tokens as the miner counts positions (undefined when the miner no longer knows it). */
  templateTokens(tenantId: string, key: string): string[] | undefined;
  /**
   * The alert door for other slices (a tunnel gone stale): opens or touches the alert with the
   * candidate's dedupe key, publishes `alerts.changed` and notifies webhooks, like a rule's alert.
   */
  raiseAlert(scope: SiteScope, candidate: AlertCandidate): void;
  /** Resolves the live alert with this dedupe key, if any, as `system`. */
  resolveAlert(scope: SiteScope, dedupeKey: string, note: string): void;
  /** Alert rules changed: the next batch reloads them. */
  rulesChanged(tenantId: string): void;
  /** Judges the minutes that ended (spikes) now instead of on the next timer tick. */
  checkSpikes(): void;
  /** Checks device-silent rules now instead of on the next timer tick. */
  checkDevices(): void;
  /** Processes what is queued now. */
  flush(): Promise<void>;
  /** Flushes, stops the timers and saves the ANN indexes. Idempotent. */
  close(): Promise<void>;
}
