import {
  createWorkerPool,
  PoolClosedError,
  PoolFullError,
  PoolJobTimeoutError,
  type WorkerPoolStats,
} from '../../native/worker/index.js';
import { OutpostError } from '../contract/index.js';
import type { AssetKind } from '../contract/index.js';
import type { MapFileJob, MapFileJobResult } from './svg-job.js';
import type { ExtractedOverlays } from './svg-overlays.js';
import type { MapFileType } from './uploads/sitemap-upload-type.js';

export const DEFAULT_SVG_TIMEOUT_MS = 60_000;

export interface SvgProcessorOptions {
  /** Longest one file may take to check, counted from when its worker is ready; default 60 s. */
  timeoutMs?: number;
  /** Worker threads; 1 by default (jsdom takes hundreds of MiB on a big drawing). */
  threads?: number;
  /** Uploads one tenant may have waiting; one more is refused with 429. Default 3. */
  maxWaitingPerTenant?: number;
  /** Uploads waiting over all tenants; one more is refused with 503. Default 12. */
  maxWaiting?: number;
}

/** One uploaded site-map file to check. */
export interface MapFileCheck {
  /** Whose upload this is: uploads wait in line per tenant, and tenants take turns. */
  tenantId: string;
  kind: AssetKind;
  fileName: string;
  /** The kind's size limit: larger files are refused with payload_too_large. */
  maxBytes: number;
  /**
   * The bytes (moved to the worker, not copied, when they own their whole ArrayBuffer: the caller must not
   * use them afterwards), or base64 text, decoded in the worker.
   */
  file: Uint8Array | { base64: string };
}

/** A file that passed: what to store under which hash, and what sanitising took out. */
export interface CheckedMapFile {
  contentType: MapFileType;
  bytes: Buffer;
  sha256: string;
  removed: string[];
  /** Overlay layers: the sanitised drawing's shapes with ids. */
  overlays?: ExtractedOverlays;
}

export interface SvgProcessor {
  /**
   * Checks an upload in a worker thread (svg-job.ts: decoding, type, size, sanitising, shapes, SHA-256): the
   * same OutpostErrors as the checks called directly, plus `rate_limited` (the tenant has too many uploads
   * waiting) and `unavailable` (every slot is taken), both with retryAfterSeconds.
   */
  check(request: MapFileCheck): Promise<CheckedMapFile>;
  stats(): WorkerPoolStats;
  /** Stops the workers; queued and running requests fail with `unavailable`. Safe to call more than once. */
  close(): Promise<void>;
}

const CRASHED =
  'Checking the SVG stopped unexpectedly (its worker thread crashed). Upload it again; if it happens again, the details are in the server log.';
const SHUTTING_DOWN = 'Outpost is shutting down. Try again once it has restarted.';

function timeoutError(timeoutMs: number): OutpostError {
  const seconds = Number((timeoutMs / 1000).toFixed(2));
  const message = `The SVG took too long to check (over ${seconds} s). Simplify the drawing or split it, and upload it again.`;
  return new OutpostError('invalid_input', message, { issues: [{ path: 'file', message }] });
}

function fullError(err: PoolFullError): OutpostError {
  const retryAfterSeconds = err.retryAfterSeconds;
  return err.scope === 'tenant'
    ? new OutpostError(
        'rate_limited',
        `Your organisation already has ${err.waiting} SVG files waiting to be checked. Upload this one when they are done (try again in about ${retryAfterSeconds} s).`,
        { retryAfterSeconds },
      )
    : new OutpostError(
        'unavailable',
        `Outpost is checking as many SVG files as it can hold right now. Try again in about ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
}

function resultOf(message: MapFileJobResult): CheckedMapFile | OutpostError {
  if (!message.ok) {
    const { code, message: text, issues, detail } = message.error;
    // The worker's stack frames, for the caller to log; the message stays the generic one it sent.
    const cause =
      detail === undefined ? undefined : Object.assign(new Error('The map file worker failed'), { stack: detail });
    return new OutpostError(code, text, { ...(issues ? { issues } : {}), ...(cause ? { cause } : {}) });
  }
  const { contentType, bytes, sha256, removed, overlays, warnings } = message;
  const checked: CheckedMapFile = {
    contentType,
    bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    sha256,
    removed,
  };
  if (overlays) checked.overlays = { overlays, warnings: warnings ?? [] };
  return checked;
}

/** The bytes as a view that owns its whole ArrayBuffer, so they move to the worker without a copy. */
function transferable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const owns = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return owns && bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/**
 * Checks uploaded SVGs on a shared worker pool (native/worker), off the Core's event loop, so a big or
 * hostile drawing never stalls webhooks, SSE or the public endpoints, and fairly: each tenant's uploads wait
 * in their own line and tenants take turns, so one tenant's large overlays delay another's small file by at
 * most the check already running. A crashed or timed-out worker fails only its own request and is replaced.
 */
export function createSvgProcessor(options: SvgProcessorOptions = {}): SvgProcessor {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SVG_TIMEOUT_MS;
  const pool = createWorkerPool<MapFileJob, MapFileJobResult>({
    name: 'SVG check',
    entry: { baseUrl: import.meta.url, name: 'svg-worker' },
    size: options.threads ?? 1,
    maxWaitingPerTenant: options.maxWaitingPerTenant ?? 3,
    maxWaiting: options.maxWaiting ?? 12,
    jobTimeoutMs: timeoutMs,
    // A few seconds for a large overlay layer: a first Retry-After before any check has run.
    typicalJobMs: 2_000,
  });

  return {
    async check({ tenantId, kind, fileName, maxBytes, file }) {
      const job: MapFileJob = { kind, fileName, maxBytes };
      const transfer: ArrayBuffer[] = [];
      if (file instanceof Uint8Array) {
        job.bytes = transferable(file);
        transfer.push(job.bytes.buffer as ArrayBuffer);
      } else {
        job.base64 = file.base64;
      }
      let message: MapFileJobResult;
      try {
        message = await pool.run(tenantId, job, transfer);
      } catch (err) {
        if (err instanceof PoolFullError) throw fullError(err);
        if (err instanceof PoolJobTimeoutError) throw timeoutError(timeoutMs);
        if (err instanceof PoolClosedError) throw new OutpostError('unavailable', SHUTTING_DOWN, { cause: err });
        throw new OutpostError('internal', CRASHED, { cause: err });
      }
      const result = resultOf(message);
      if (result instanceof OutpostError) throw result;
      return result;
    },
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}
