import type { z } from 'zod';
import type { BlobWriter, MediaRef } from '../../media/index.js';
import type { IngestSink, PipelineScope } from '../event-types.js';
import type { FileRoots } from './file-roots.js';

export const SOURCE_KINDS = ['webhook', 'mqtt', 'folder', 'logfile', 'syslog', 'postgres'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type SourceHealthState = 'ok' | 'degraded' | 'down' | 'stopped';

export interface SourceHealth {
  state: SourceHealthState;
  lastError: string | null;
  lastErrorAt: number | null;
  lastEventAt: number | null;
  /** Events accepted since start. */
  accepted: number;
  /** Inputs rejected as malformed since start (each also logged with its reason). */
  rejected: number;
  /** Events accepted since start whose text had characters replaced (controls, bidi overrides, lone surrogates). */
  textReplaced: number;
  /** `closed` = normal; `open` = calls are short-circuited until the half-open probe. */
  breaker: 'closed' | 'open' | 'half-open';
}

/** Persisted position of a source (file offset + inode, last row id, …), opaque to the pipeline. */
export interface Checkpoint {
  load(): string | undefined;
  save(cursor: string): void;
}

export type { BlobWriter };

/**
 * Asks the media slice to fetch an event's files from the device's own API after the event is
 * stored (Frigate's snapshot and clip once its event ends). Queued durably and retried there; the
 * source never waits for it.
 */
export interface MediaFetchRequester {
  request(scope: PipelineScope, eventId: string, files: { kind: MediaRef['kind']; url: string }[]): void;
}

export interface SourceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Everything a running source may use. It never touches the store or other sources. */
export interface SourceContext<C> {
  sourceId: string;
  scope: PipelineScope;
  config: C;
  sink: IngestSink;
  checkpoint: Checkpoint;
  blobs: BlobWriter;
  /** Fetches of an event's files from the source's own API (absent: the source cannot ask). */
  mediaFetch?: MediaFetchRequester;
  logger: SourceLogger;
  /** Aborted when the source is stopped. */
  signal: AbortSignal;
  /** The only way a source may open or look at local files: below the admin's roots, never the data folder. */
  files: FileRoots;
  /** Counts a malformed input (the supervisor shows the count and the reason as lastError). */
  reject(reason: string): void;
  /** Marks the source healthy again after a success (clears degraded). */
  markOk(): void;
  /**
   * The source is running but cannot currently deliver (broker gone, folder vanished, store
   * failing): marks it degraded with lastError/lastErrorAt; markOk clears it. Push sources need
   * this because, once started, no retry loop sees their failures.
   */
  fail(reason: string): void;
}

export interface RunningSource {
  stop(): Promise<void>;
}

/**
 * One kind of source. Push sources (MQTT, syslog, folder) implement `start`; pull sources
 * (log file, PostgreSQL) implement `poll`, which the supervisor calls every `intervalMs` with a
 * per-cycle budget, backing off with jitter and tripping a circuit breaker on repeated failures.
 * Webhooks are pushed by the HTTP server and need neither.
 */
export interface SourceAdapter<C = unknown> {
  kind: SourceKind;
  /** Validates the source's `config` (the field paths appear in the user's error). */
  configSchema: z.ZodType<C>;
  /** Starts listening; the returned handle stops it (stop must also happen when ctx.signal aborts). */
  start?(ctx: SourceContext<C>): Promise<RunningSource>;
  poll?(ctx: SourceContext<C>, budget: number): Promise<{ count: number; more: boolean }>;
  pollIntervalMs?(config: C): number;
  /**
   * Reads local files (its paths are held to `files.allowRead`): only admins may create, change,
   * test or delete such a source (the contract's FILE_SOURCE_KINDS lists these kinds).
   */
  readsFiles?: boolean;
  /**
   * A dry connection test for Settings: reachability, credentials, permissions. File-reading
   * sources say only "readable" or why not, never sizes or contents.
   */
  test(config: C, env?: SourceTestEnv): Promise<{ ok: boolean; message: string }>;
}

/** What a test may use besides the config (without it, a file-reading source may read nothing). */
export interface SourceTestEnv {
  files: FileRoots;
}
