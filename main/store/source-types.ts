import type { RedactionSettings, SourceKindName } from '../contract/index.js';
import type { SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

// ---- sources, checkpoints, devices, miner state -------------------------------------------

export interface SourceRow {
  id: string;
  tenantId: string;
  siteId: string;
  kind: SourceKindName;
  name: string;
  enabled: boolean;
  /** As stored, secrets included: the Core masks them before answering. */
  config: Record<string, unknown>;
  /** The source's redaction choices; absent fields take DEFAULT_REDACTION. */
  redaction: Partial<RedactionSettings>;
  createdAt: number;
  updatedAt: number;
}

/** What the ingest route needs before anyone is authenticated. */
export interface WebhookSourceLookup {
  sourceId: string;
  tenantId: string;
  siteId: string;
  enabled: boolean;
  /** Hex SHA-256 of the token; null when none was issued. */
  tokenHash: string | null;
}

export interface SourcesRepository {
  /** `conflict` when the name is taken on the site (migration 015: per site, not per tenant); `not_found` for an unknown site. */
  create(
    scope: SiteScope,
    data: {
      kind: SourceKindName;
      name: string;
      config: Record<string, unknown>;
      enabled: boolean;
      tokenHash?: string | null;
      redaction?: Partial<RedactionSettings>;
    },
  ): SourceRow;
  get(scope: Scope, id: string): SourceRow | undefined;
  /** By name. */
  list(scope: Scope): SourceRow[];
  update(
    scope: Scope,
    id: string,
    patch: {
      name?: string;
      config?: Record<string, unknown>;
      enabled?: boolean;
      /** Moves the source: later events go to this site (`not_found` when it is not the tenant's). */
      siteId?: string;
      redaction?: Partial<RedactionSettings>;
    },
  ): SourceRow | undefined;
  setTokenHash(scope: Scope, id: string, tokenHash: string): boolean;
  /** Also removes its checkpoint; its events stay. */
  delete(scope: Scope, id: string): boolean;
  /** The one pre-authentication lookup (webhook ingest): only webhook sources are found. */
  findWebhookSource(sourceId: string): WebhookSourceLookup | undefined;
}

export interface CheckpointsRepository {
  get(scope: Scope, sourceId: string): string | undefined;
  set(scope: Scope, sourceId: string, cursor: string): void;
}

export interface DeviceRow {
  siteId: string;
  device: string;
  lastSeen: number;
  lastEventId: string;
  events: number;
}

export interface DevicesRepository {
  /** By site, then device name. */
  list(scope: Scope): DeviceRow[];
  get(scope: SiteScope, device: string): DeviceRow | undefined;
}

/** A device sent to a site of its own whatever source reports it. */
export interface DeviceSiteRow {
  device: string;
  siteId: string;
  updatedAt: number;
}

export interface DeviceSitesRepository {
  /** The tenant's mappings, by device name. */
  list(scope: Scope): DeviceSiteRow[];
  /** `not_found` when the site is not the tenant's. */
  set(scope: Scope, device: string, siteId: string, at?: number): void;
  /** True when a mapping was removed. */
  clear(scope: Scope, device: string): boolean;
}

export interface MinerStateRepository {
  /** The template miner's persisted state (JSON), one per tenant. */
  get(scope: Scope): string | undefined;
  set(scope: Scope, json: string): void;
}
