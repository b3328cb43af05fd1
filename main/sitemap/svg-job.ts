import { OutpostError, type ErrorCode, type FieldIssue } from '../contract/index.js';
import { extractOverlays, type ExtractedOverlay } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';

/** One SVG to check, sent to the SVG worker. `bytes` owns its whole ArrayBuffer, which is transferred. */
export interface SvgJob {
  bytes: Uint8Array;
  maxBytes: number;
  /** Also list the overlay shapes of the sanitised text (overlay layers). */
  extract: boolean;
}

export interface SvgJobDone {
  ok: true;
  svg: string;
  removed: string[];
  width?: number;
  height?: number;
  viewBox?: string;
  overlays?: ExtractedOverlay[];
  warnings?: string[];
}

export interface SvgJobFailed {
  ok: false;
  error: {
    code: ErrorCode;
    message: string;
    issues?: FieldIssue[];
    /**
     * For the server log, on `internal` only: the error's name and stack frames. Never its message, which
     * may quote the file (a parser's complaint about a line, say), and never the file.
     */
    detail?: string;
  };
}

export type SvgJobResult = SvgJobDone | SvgJobFailed;

export const SVG_CHECK_FAILED =
  'Something went wrong inside Outpost while checking the SVG. The details are in the server log.';

/**
 * Runs one job: the same sanitizeSvg and extractOverlays the Core used to call on its own thread, so the
 * result and every refusal (payload_too_large, invalid_input, unsupported_media_type…) are what the user got
 * before. Anything else thrown becomes `internal` with a generic message.
 */
export function runSvgJob(job: SvgJob): SvgJobResult {
  try {
    const input = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const clean = sanitizeSvg(input, { maxBytes: job.maxBytes });
    const done: SvgJobDone = { ok: true, ...clean };
    if (job.extract) {
      const extracted = extractOverlays(clean.svg);
      done.overlays = extracted.overlays;
      done.warnings = extracted.warnings;
    }
    return done;
  } catch (err) {
    if (err instanceof OutpostError) {
      const error: SvgJobFailed['error'] = { code: err.code, message: err.message };
      if (err.issues) error.issues = err.issues;
      return { ok: false, error };
    }
    return { ok: false, error: { code: 'internal', message: SVG_CHECK_FAILED, detail: detailOf(err) } };
  }
}

function detailOf(err: unknown): string {
  if (!(err instanceof Error)) return `a thrown ${typeof err}`;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /u.test(line));
  return [err.name, ...frames].join('\n');
}
