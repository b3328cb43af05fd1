import type { FieldIssue, ImportOverlaysOutput } from '../../../../main/contract/index.js';

/**
 * The overlay import's file formats as the dialog explains them. The column names are those of
 * main/sitemap/overlay-import-csv.ts (CSV_COLUMNS), repeated here because the renderer cannot
 * import it; the example file below is what a user starts from.
 */

export type ImportFormat = 'csv' | 'json';
export type ImportRow = ImportOverlaysOutput['rows'][number];
export type ImportSummary = ImportOverlaysOutput['summary'];

export const CSV_COLUMN_HELP: readonly { column: string; meaning: string }[] = [
  {
    column: 'externalId',
    meaning: 'Required. The overlay’s id: letters, digits, “.”, “_”, “:” or “-”. Rows are matched to overlays by it.',
  },
  { column: 'shapeId', meaning: 'The id of the shape in the overlay SVG it colours; empty for none.' },
  { column: 'label', meaning: 'The name people read. Required for new overlays.' },
  { column: 'bindingType', meaning: 'device, camera, zone or unit; empty for no binding. Comes with bindingTarget.' },
  { column: 'bindingTarget', meaning: 'The id of the device, camera, zone or unit.' },
  { column: 'layer', meaning: 'An optional layer name, for grouping.' },
  { column: 'prop:<name>', meaning: 'Any number of extra properties, e.g. prop:floor. An empty cell removes it.' },
];

export const JSON_HELP =
  'JSON: an array of overlays, or {"overlays": [...]}, each like {"externalId": "door-12", "label": "Door 12", "shapeId": "door-12", "binding": {"type": "device", "device": "door-ctl-12"}}. Keys left out keep their current value; null clears shapeId, binding or layer.';

export const EXAMPLE_CSV = [
  'externalId,shapeId,label,bindingType,bindingTarget,layer,prop:floor',
  'door-12,door-12,Door 12,device,door-ctl-12,doors,1',
  'cam-lobby,cam-lobby,Lobby camera,camera,cam-07,cameras,0',
  'yard,yard-area,Yard,zone,yard,,',
  'unit-b204,unit-b204,Unit B-204,unit,B-204,units,2',
  'gate-east,,"Gate, east",,,,',
  '',
].join('\r\n');

export const EXAMPLE_FILE_NAME = 'overlays-example.csv';

/** From the file name; null when it says neither. */
export function formatFromFileName(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

/** For pasted text: JSON starts with [ or {, which no overlay CSV header does. */
export function guessFormat(text: string): ImportFormat {
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** What "Import N overlays" writes: created and updated rows (unchanged ones need no write). */
export function rowsToWrite(summary: ImportSummary): number {
  return summary.created + summary.updated;
}

export function summaryText(summary: ImportSummary): string {
  const parts = [
    `${summary.created} created`,
    `${summary.updated} updated`,
    `${summary.unchanged} unchanged`,
    `${summary.rejected} rejected`,
  ];
  return parts.join(', ');
}

export function filterRows(rows: readonly ImportRow[], rejectedOnly: boolean): readonly ImportRow[] {
  return rejectedOnly ? rows.filter((r) => r.outcome === 'rejected') : rows;
}

/** What the row says beside its outcome: why it was rejected, or what changed. */
export function rowDetail(row: ImportRow): string {
  if (row.reasons.length > 0) return row.reasons.join('; ');
  if (row.outcome === 'updated' && row.changes && row.changes.length > 0) return `Changes: ${row.changes.join(', ')}`;
  return '';
}

/** A failed commit lists rejected lines as issues (`line 12`); the whole file as `content`. */
export function issueLines(issues: readonly FieldIssue[]): string[] {
  return issues.map((i) => {
    if (i.path === '' || i.path === 'content') return i.message;
    return `${i.path.charAt(0).toUpperCase()}${i.path.slice(1)}: ${i.message}`;
  });
}

/** An id for `sitemap.importProgress` messages, unique enough to tell two dialogs apart. */
export function newProgressId(random: () => number = Math.random): string {
  return `import-${Date.now().toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;
}

/** Progress as the bar shows it: null while unknown (indeterminate bar). */
export function progressFraction(progress: { done: number; total: number } | null): number | null {
  if (progress === null || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/** What the dialog sends: a chosen file as its bytes, pasted text as text. */
export type ImportPayload = { contentBase64: string } | { content: string };

export function isEmptyPayload(payload: ImportPayload): boolean {
  return 'content' in payload ? payload.content.trim() === '' : payload.contentBase64 === '';
}

/** Base64 of a file's bytes, in slices so a 50 MB file does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  }
  return btoa(binary);
}
