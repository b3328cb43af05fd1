import { OutpostError } from '../contract/index.js';
import { overlayChanges } from './overlay-model.js';
import type { Overlay } from './overlay-model.js';
import { parseOverlayCsv } from './overlay-import-csv.js';
import { parseOverlayJson } from './overlay-import-json.js';
import { applyOverlayPatch } from './overlay-patch.js';
import type { CandidateRow } from './overlay-patch.js';

/**
 * Bulk import of overlays: an upsert keyed by external id. The plan is the dry run the user reviews;
 * the store commits it all-or-nothing, and only when `ok` (no row rejected). Work is linear in the
 * number of rows: existing overlays are looked up in a Map, duplicates counted in one pass.
 */

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface ImportRow {
  /** Line of the file where the row starts (CSV: 1 is the header). */
  line: number;
  externalId: string | null;
  outcome: ImportOutcome;
  /** Why the row is rejected (empty otherwise). */
  reasons: string[];
  /** The overlay as it will be stored (not on rejected rows). */
  overlay?: Overlay;
  /** Changed fields of an updated overlay, e.g. `label`, `binding`, `properties.floor`. */
  changes?: string[];
}

export interface ImportPlan {
  rows: ImportRow[];
  summary: Record<ImportOutcome, number>;
  /** True when nothing is rejected: only then may the plan be committed. */
  ok: boolean;
}

export interface ImportInput {
  format: 'csv' | 'json';
  content: string | Buffer;
}

export interface ImportOptions {
  /** Files with more data rows are refused as a whole (payload_too_large). */
  maxRows?: number;
  /** Called every PROGRESS_EVERY rows and once at the end, for the progress bar on large files. */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_MAX_IMPORT_ROWS = 50_000;
export const PROGRESS_EVERY = 1_000;

export function planOverlayImport(
  existing: readonly Overlay[],
  input: ImportInput,
  options: ImportOptions = {},
): ImportPlan {
  const steps = planSteps(existing, input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same plan, giving the event loop a turn after every PROGRESS_EVERY rows: progress messages
 * sent from `onProgress` then reach their subscribers while a large file is still being planned,
 * and other callers are not held up behind it.
 */
export async function planOverlayImportAsync(
  existing: readonly Overlay[],
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportPlan> {
  const steps = planSteps(existing, input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The plan, pausing (yield) after each progress report; both variants above drive it. */
function* planSteps(
  existing: readonly Overlay[],
  input: ImportInput,
  options: ImportOptions,
): Generator<void, ImportPlan, void> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_IMPORT_ROWS;
  const text = decodeImportContent(input.content);
  const candidates = input.format === 'csv' ? parseOverlayCsv(text, maxRows) : parseOverlayJson(text, maxRows);
  const duplicates = duplicateReasons(candidates);
  const current = new Map<string, Overlay>();
  for (const overlay of existing) current.set(overlay.externalId, overlay);

  const rows: ImportRow[] = [];
  const summary: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const total = candidates.length;
  for (let i = 0; i < total; i++) {
    const row = planRow(candidates[i]!, duplicates.get(i), current);
    summary[row.outcome]++;
    rows.push(row);
    const done = i + 1;
    if (done % PROGRESS_EVERY === 0 || done === total) {
      options.onProgress?.(done, total);
      if (done < total) yield;
    }
  }
  return { rows, summary, ok: summary.rejected === 0 };
}

function planRow(candidate: CandidateRow, duplicate: string | undefined, current: Map<string, Overlay>): ImportRow {
  const { line, externalId } = candidate;
  const reasons = duplicate === undefined ? [...candidate.reasons] : [duplicate, ...candidate.reasons];
  if (reasons.length > 0 || candidate.patch === null) {
    return { line, externalId, outcome: 'rejected', reasons };
  }
  const before = current.get(candidate.patch.externalId);
  const result = applyOverlayPatch(before, candidate.patch);
  if (result.overlay === undefined) return { line, externalId, outcome: 'rejected', reasons: result.reasons };
  if (before === undefined) return { line, externalId, outcome: 'created', reasons: [], overlay: result.overlay };
  const changes = overlayChanges(before, result.overlay);
  if (changes.length === 0) return { line, externalId, outcome: 'unchanged', reasons: [], overlay: result.overlay };
  return { line, externalId, outcome: 'updated', reasons: [], overlay: result.overlay, changes };
}

/**
 * Every row whose external id appears more than once is rejected, the first one included: the file
 * does not say which of them the user meant. Each reason names the first line.
 */
function duplicateReasons(candidates: readonly CandidateRow[]): Map<number, string> {
  const linesById = new Map<string, number[]>();
  for (const c of candidates) {
    if (c.externalId === null) continue;
    const lines = linesById.get(c.externalId);
    if (lines) lines.push(c.line);
    else linesById.set(c.externalId, [c.line]);
  }
  const reasons = new Map<number, string>();
  candidates.forEach((c, i) => {
    if (c.externalId === null) return;
    const lines = linesById.get(c.externalId);
    if (lines === undefined || lines.length < 2) return;
    const first = lines[0];
    if (c.line === first) {
      const others = lines.slice(1);
      const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? ` and ${others.length - 5} more` : '');
      reasons.set(i, `externalId "${c.externalId}" appears again on line${others.length > 1 ? 's' : ''} ${shown}`);
    } else {
      reasons.set(i, `externalId "${c.externalId}" is a duplicate: it first appears on line ${first}`);
    }
  });
  return reasons;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file as text: UTF-8 only, BOM dropped. Bad bytes are refused with where they are. */
export function decodeImportContent(content: string | Buffer): string {
  if (typeof content === 'string') return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  try {
    // TextDecoder drops a leading BOM by default.
    return utf8.decode(content);
  } catch (err) {
    const offset = Math.max(0, firstInvalidUtf8Offset(content));
    let line = 1;
    for (let i = 0; i < offset; i++) if (content[i] === 0x0a) line++;
    throw new OutpostError(
      'invalid_input',
      `The file is not valid UTF-8: the first bad byte is at byte offset ${offset} (line ${line}). Save it as UTF-8 (in a spreadsheet: "CSV UTF-8") and import again.`,
      { issues: [{ path: 'content', message: `not UTF-8 (byte offset ${offset}, line ${line})` }], cause: err },
    );
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (-1 if none). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}
