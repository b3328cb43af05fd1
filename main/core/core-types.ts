import type { HealthReport, Role, TopicName, TopicPayload } from '../contract/index.js';
import type { Config } from './config.js';
import type { MediaAccess } from '../media/index.js';
import type { PublicSitemap } from './public-sitemap-types.js';
import type { WebhookIngest } from './webhook-ingest.js';

/** Where a call came from. Written to the audit log as "from where". */
export interface CallContext {
  transport: 'http' | 'ipc' | 'cli';
  /** Bearer token of the session, when the caller has one. */
  token?: string | undefined;
  /** Remote address (HTTP), or `ipc`/`cli`. */
  address: string;
  userAgent?: string | undefined;
}

/** An authenticated caller. */
export interface Session {
  sessionId: string;
  userId: string;
  tenantId: string;
  email: string;
  role: Role;
  expiresAt: number;
}

export type TopicListener = <T extends TopicName>(topic: T, payload: TopicPayload<T>) => void;

/**
 * The Electron-free heart of Outpost. Every transport (HTTP, Electron IPC, CLI) goes through
 * `call`, which validates input, authenticates, checks the role, scopes to the tenant,
 * runs the handler, validates output and audits mutations.
 */
export interface Core {
  readonly config: Config;
  readonly version: string;
  /** Throws OutpostError. Unknown names throw `unknown_method`. */
  call(method: string, input: unknown, ctx: CallContext): Promise<unknown>;
  /** Resolves a bearer token to its session, or throws `unauthenticated`. */
  authenticate(token: string | undefined): Promise<Session>;
  /** Live updates for one session's tenant. Returns an unsubscribe function. */
  subscribe(session: Session, topics: readonly TopicName[], listener: TopicListener): () => void;
  health(): HealthReport;
  /**
   * Webhook ingestion for `POST /api/ingest/{sourceId}` (authenticated by the source token).
   * Absent on stand-in Cores (tests of a transport); the server then has no ingest route.
   */
  readonly ingest?: WebhookIngest;
  /**
   * Stored snapshots and clips for `GET /api/media/{sha256}` (a session's bearer token, tenant-scoped).
   * Absent on stand-in Cores; the server then has no media route.
   */
  readonly media?: MediaAccess;
  /**
   * The site map's public endpoints (`GET /api/public/{slug}/release.json`, `/status`, `/assets/{sha256}`).
   * Absent on stand-in Cores; the server then has no public routes.
   */
  readonly publicSitemap?: PublicSitemap;
  /** True once migrations ran and the store is open; false while closing. */
  ready(): boolean;
  /** Closes the store and stops background work. Idempotent. */
  close(): Promise<void>;
}
