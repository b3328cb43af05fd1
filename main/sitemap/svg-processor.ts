import { startModuleWorker, type Worker } from '../../native/worker/index.js';
import { OutpostError } from '../contract/index.js';
import type { FromSvgWorker, SvgJob, SvgJobResult } from './svg-job.js';
import type { ExtractedOverlays } from './svg-overlays.js';
import type { SanitizedSvg } from './svg-sanitize.js';

export const DEFAULT_SVG_TIMEOUT_MS = 60_000;

export interface SvgProcessorOptions {
  /** Longest one SVG may take to check, counted from when the worker starts on it; default 60 s. */
  timeoutMs?: number;
}

export interface SvgProcessRequest {
  /** Larger files are refused with payload_too_large, as sanitizeSvg does. */
  maxBytes: number;
  /** Also list the overlay shapes (overlay layers). */
  extract: boolean;
}

export interface ProcessedSvg {
  sanitized: SanitizedSvg;
  /** Present when `extract` was asked for. */
  overlays?: ExtractedOverlays;
}

export interface SvgProcessor {
  /**
   * sanitizeSvg (and, with `extract`, extractOverlays on its result) in a worker thread: the same result and
   * the same OutpostErrors as calling them directly. `bytes` are copied, never taken from the caller.
   */
  process(bytes: Buffer, request: SvgProcessRequest): Promise<ProcessedSvg>;
  /** Stops the worker; queued and running requests fail with `unavailable`. Safe to call more than once. */
  close(): Promise<void>;
}

interface Request {
  bytes: Buffer;
  maxBytes: number;
  extract: boolean;
  resolve(result: ProcessedSvg): void;
  reject(err: Error): void;
}

interface Running {
  id: number;
  request: Request;
  worker: Worker;
  timer: NodeJS.Timeout | null;
}

const CRASHED =
  'Checking the SVG stopped unexpectedly (its worker thread crashed). Upload it again; if it happens again, the details are in the server log.';

function timeoutError(timeoutMs: number): OutpostError {
  const seconds = Number((timeoutMs / 1000).toFixed(2));
  const message = `The SVG took too long to check (over ${seconds} s). Simplify the drawing or split it, and upload it again.`;
  return new OutpostError('invalid_input', message, { issues: [{ path: 'file', message }] });
}

function resultOf(message: SvgJobResult): ProcessedSvg | OutpostError {
  if (!message.ok) {
    const { code, message: text, issues, detail } = message.error;
    // The worker's stack frames, for the caller to log; the message stays the generic one it sent.
    const cause =
      detail === undefined ? undefined : Object.assign(new Error('The SVG worker failed'), { stack: detail });
    return new OutpostError(code, text, { ...(issues ? { issues } : {}), ...(cause ? { cause } : {}) });
  }
  const { svg, removed, width, height, viewBox, overlays, warnings } = message;
  const sanitized: SanitizedSvg = { svg, removed };
  if (width !== undefined) sanitized.width = width;
  if (height !== undefined) sanitized.height = height;
  if (viewBox !== undefined) sanitized.viewBox = viewBox;
  return overlays ? { sanitized, overlays: { overlays, warnings: warnings ?? [] } } : { sanitized };
}

/**
 * Checks uploaded SVGs in one worker thread, off the Core's event loop, so a big or hostile drawing never
 * stalls webhooks, SSE or the public endpoints. The worker starts on first use; requests run one at a time
 * (jsdom takes hundreds of MiB on a big drawing, so one at a time keeps memory bounded) in arrival order.
 * A crashed or timed-out worker fails only its own request and is replaced on the next one. While idle the
 * worker is unref'd, so it never keeps the process alive.
 */
export function createSvgProcessor(options: SvgProcessorOptions = {}): SvgProcessor {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SVG_TIMEOUT_MS;
  const queue: Request[] = [];
  let worker: Worker | null = null;
  let ready = false;
  let running: Running | null = null;
  let nextId = 1;
  let closing: Promise<void> | null = null;

  function start(): Worker {
    const started = startModuleWorker(import.meta.url, 'svg-worker');
    ready = false;
    started.on('message', (message: FromSvgWorker) => {
      if (worker !== started) return;
      if ('ready' in message) {
        ready = true;
        startClock();
      } else {
        finish(message);
      }
    });
    // 'error' (an uncaught exception, out of memory) is followed by 'exit'; the first one seen fails the request.
    started.on('error', (err) => lost(started, err));
    started.on('exit', (code) => lost(started, new Error(`The SVG worker exited with code ${code}.`)));
    return started;
  }

  /** The request's clock starts once the worker is up, so a cold start never counts against the file. */
  function startClock(): void {
    if (!running || running.timer || !ready || running.worker !== worker) return;
    const current = running;
    current.timer = setTimeout(() => {
      if (running !== current) return;
      running = null;
      drop(current.worker);
      current.request.reject(timeoutError(timeoutMs));
      next();
    }, timeoutMs);
  }

  function drop(old: Worker): void {
    if (worker === old) worker = null;
    old.terminate().catch(() => undefined);
  }

  function lost(old: Worker, cause: Error): void {
    if (worker !== old) return;
    worker = null;
    if (running?.worker === old) {
      const current = running;
      running = null;
      if (current.timer) clearTimeout(current.timer);
      current.request.reject(new OutpostError('internal', CRASHED, { cause }));
    }
    next();
  }

  function finish(message: SvgJobResult): void {
    if (!running || message.id !== running.id) return;
    const { request, timer } = running;
    running = null;
    if (timer) clearTimeout(timer);
    const result = resultOf(message);
    if (result instanceof OutpostError) request.reject(result);
    else request.resolve(result);
    next();
  }

  function next(): void {
    if (running || closing) return;
    const request = queue.shift();
    if (!request) {
      worker?.unref();
      return;
    }
    let current: Worker;
    try {
      current = worker ??= start();
    } catch (err) {
      request.reject(new OutpostError('internal', CRASHED, { cause: err }));
      next();
      return;
    }
    current.ref();
    running = { id: nextId++, request, worker: current, timer: null };
    // A Buffer may be a slice of Node's shared pool or still be the caller's; a copy of its own is safe to move.
    const bytes = new Uint8Array(request.bytes);
    const job: SvgJob = { id: running.id, bytes, maxBytes: request.maxBytes, extract: request.extract };
    current.postMessage(job, [bytes.buffer]);
    startClock();
  }

  return {
    process(bytes, { maxBytes, extract }) {
      if (closing) {
        return Promise.reject(
          new OutpostError('unavailable', 'Outpost is shutting down. Try again once it has restarted.'),
        );
      }
      return new Promise<ProcessedSvg>((resolve, reject) => {
        queue.push({ bytes, maxBytes, extract, resolve, reject });
        next();
      });
    },
    close() {
      closing ??= (async () => {
        const stopped = new OutpostError('unavailable', 'Outpost is shutting down. Try again once it has restarted.');
        for (const request of queue.splice(0)) request.reject(stopped);
        if (running) {
          if (running.timer) clearTimeout(running.timer);
          running.request.reject(stopped);
          running = null;
        }
        const old = worker;
        worker = null;
        if (old) await old.terminate();
      })();
      return closing;
    },
  };
}
