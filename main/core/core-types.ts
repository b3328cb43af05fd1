import type { HealthReport, MethodSpec, TopicName } from '../contract/index.js';
import type { Registry } from 'prom-client';
import type { MediaCredentials, MediaFile } from '../media/index.js';
import type { SliceRoutes } from '../server/route-kit/index.js';
import type { CallContext, Session, TopicListener } from './slice-kit/call-types.js';
import type { Config } from './config.js';

export type { CallContext, Session, TopicListener };

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
  /**
   * A media file for the desktop app's own protocol handler (it has no HTTP server): the same check as
   * `GET /api/media/{id}` (a signed link for this id, or a session), and where the file is on disk.
   * Absent on stand-in Cores.
   */
  mediaFile?(id: string, credentials: MediaCredentials): Promise<MediaFile & { path: string }>;
  /**
   * An export (`media.export`'s signed link) written to a file for the desktop app's protocol handler,
   * which cannot take the tar as a stream from the Core process. Absent on stand-in Cores.
   */
  exportFile?(exportId: string, link: string): Promise<{ path: string; fileName: string; size: number }>;
  /** Live updates for one session's tenant. Returns an unsubscribe function. */
  subscribe(session: Session, topics: readonly TopicName[], listener: TopicListener): () => void;
  health(): HealthReport;
  /** Every method this Core serves, from the one method table the dispatcher runs calls from (for /docs). */
  readonly methods: readonly MethodSpec[];
  /**
   * The HTTP routes its slices own (each slice's public endpoints, uploads and streams),
   * for the server to mount. Absent on stand-in Cores (tests of a transport): the server then has none.
   */
  readonly routes?: readonly SliceRoutes[];
  /** The Core's own metrics (SQL statement times), for /metrics. Absent on stand-in Cores. */
  readonly metrics?: Registry;
  /** True once migrations ran and the store is open; false while closing. */
  ready(): boolean;
  /** Closes the store and stops background work. Idempotent. */
  close(): Promise<void>;
}
