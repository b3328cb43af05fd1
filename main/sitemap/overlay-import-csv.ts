import { parse } from 'csv-parse/sync';
import { OutpostError } from '../contract/index.js';
import { BINDING_TYPES, ExternalIdSchema, PROPERTY_NAME_PATTERN } from './overlay-model.js';
import type { Binding, BindingType } from './overlay-model.js';
import type { CandidateRow, OverlayPatch } from './overlay-patch.js';

/**
 * Reads an overlay CSV into candidate rows. Problems with the file as a whole (no header, unknown
 * columns, broken quoting, too many rows) throw; problems with one row become that row's reasons,
 * so the dry run can list them all at once.
 */

export const CSV_COLUMNS = ['externalId', 'shapeId', 'label', 'bindingType', 'bindingTarget', 'layer'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const PROP_PREFIX = 'prop:';
const ALLOWED_COLUMNS_TEXT = `${CSV_COLUMNS.join(', ')}, and prop:<name> for properties`;

/** Header cells are matched without regard to case or surrounding spaces (spreadsheets vary). */
const COLUMN_BY_LOWER = new Map<string, CsvColumn>(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));

type Column = { kind: 'field'; name: CsvColumn } | { kind: 'prop'; name: string };

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function parseOverlayCsv(text: string, maxRows: number): CandidateRow[] {
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      // A quote inside an unquoted cell (12" pipe) is text, as spreadsheets write it.
      relax_quotes: true,
      // Stop reading early on a huge file instead of parsing all of it only to refuse it.
      to: maxRows + 2,
    }) as unknown as ParsedRecord[];
  } catch (err) {
    const lines = (err as { lines?: unknown }).lines;
    const where = typeof lines === 'number' ? ` near line ${lines}` : '';
    throw new OutpostError(
      'invalid_input',
      `The CSV file could not be read${where}: ${(err as Error).message}. Check the quotes on that line and import again.`,
      { issues: [{ path: 'content', message: `CSV could not be read${where}` }], cause: err },
    );
  }
  const [header, ...data] = records;
  if (header === undefined) {
    throw csvError(`The CSV file is empty. Its first line must be a header with the columns ${ALLOWED_COLUMNS_TEXT}.`);
  }
  if (data.length > maxRows) {
    throw new OutpostError(
      'payload_too_large',
      `The file has more than ${maxRows.toLocaleString('en')} rows. Split it into smaller files and import them one after the other.`,
      { issues: [{ path: 'content', message: `more than ${maxRows} rows` }] },
    );
  }
  const columns = readHeader(header.record);
  const rows: CandidateRow[] = [];
  for (const { record, info } of data) {
    // Every cell empty: a spreadsheet's trailing ",,,,," line, not a row the user meant.
    if (record.every((cell) => cell.trim() === '')) continue;
    rows.push(readRow(columns, record, startLine(record, info.lines)));
  }
  return rows;
}

/** csv-parse reports the line a record ends on; quoted cells may span lines. */
function startLine(record: string[], endLine: number): number {
  let newlines = 0;
  for (const cell of record) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) newlines++;
  }
  return endLine - newlines;
}

function csvError(message: string, issue = message): OutpostError {
  return new OutpostError('invalid_input', message, { issues: [{ path: 'content', message: issue }] });
}

function readHeader(cells: string[]): Column[] {
  const columns: Column[] = [];
  const unknown: string[] = [];
  const badProps: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const raw of cells) {
    const cell = raw.trim();
    let column: Column | undefined;
    if (cell.toLowerCase().startsWith(PROP_PREFIX)) {
      const name = cell.slice(PROP_PREFIX.length).trim();
      if (PROPERTY_NAME_PATTERN.test(name)) column = { kind: 'prop', name };
      else badProps.push(cell);
    } else {
      const name = COLUMN_BY_LOWER.get(cell.toLowerCase());
      if (name !== undefined) column = { kind: 'field', name };
      else unknown.push(cell === '' ? '(empty)' : cell);
    }
    if (column === undefined) continue;
    const key = `${column.kind}:${column.name.toLowerCase()}`;
    if (seen.has(key)) duplicates.push(cell);
    seen.add(key);
    columns.push(column);
  }
  const quoted = (names: string[]): string => names.map((n) => `"${n}"`).join(', ');
  if (unknown.length > 0) {
    throw csvError(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${quoted(unknown)} in the header (line 1). Allowed columns: ${ALLOWED_COLUMNS_TEXT}.`,
      `unknown columns ${quoted(unknown)}; allowed: ${ALLOWED_COLUMNS_TEXT}`,
    );
  }
  if (badProps.length > 0) {
    throw csvError(
      `Bad property column${badProps.length > 1 ? 's' : ''} ${quoted(badProps)} in the header (line 1): after "prop:" come 1 to 64 letters, digits, ".", "_", ":" or "-", not starting with "__".`,
    );
  }
  if (duplicates.length > 0) {
    throw csvError(`The header (line 1) names ${quoted(duplicates)} more than once. Keep one column of each.`);
  }
  const has = (name: CsvColumn): boolean => columns.some((c) => c.kind === 'field' && c.name === name);
  if (!has('externalId')) {
    throw csvError(`The header (line 1) has no externalId column. Allowed columns: ${ALLOWED_COLUMNS_TEXT}.`);
  }
  if (has('bindingType') !== has('bindingTarget')) {
    throw csvError('The header (line 1) must have both bindingType and bindingTarget, or neither.');
  }
  return columns;
}

function readRow(columns: Column[], record: string[], line: number): CandidateRow {
  const fields = new Map<CsvColumn, string>();
  const propertyEdits: Record<string, string | null> = {};
  columns.forEach((column, i) => {
    const cell = (record[i] ?? '').trim();
    if (column.kind === 'field') fields.set(column.name, cell);
    else propertyEdits[column.name] = cell === '' ? null : cell;
  });

  const rawId = fields.get('externalId') ?? '';
  const idOk = ExternalIdSchema.safeParse(rawId).success;
  const externalId = idOk ? rawId : null;
  if (record.length !== columns.length) {
    return {
      line,
      externalId,
      reasons: [`has ${record.length} columns, but the header has ${columns.length}`],
      patch: null,
    };
  }
  const reasons: string[] = [];
  if (rawId === '') reasons.push('externalId is missing');
  else if (!idOk) reasons.push(`externalId "${rawId}" must be 1 to 128 letters, digits, ".", "_", ":" or "-"`);

  const patch: OverlayPatch = { externalId: rawId };
  const shapeId = fields.get('shapeId');
  if (shapeId !== undefined) patch.shapeId = shapeId === '' ? null : shapeId;
  const label = fields.get('label');
  if (label !== undefined) {
    if (label === '') reasons.push('label is empty');
    else patch.label = label;
  }
  const layer = fields.get('layer');
  if (layer !== undefined) patch.layer = layer === '' ? null : layer;
  const bindingType = fields.get('bindingType');
  if (bindingType !== undefined) {
    const binding = readBinding(bindingType, fields.get('bindingTarget') ?? '', reasons);
    if (binding !== undefined) patch.binding = binding;
  }
  if (Object.keys(propertyEdits).length > 0) patch.propertyEdits = propertyEdits;
  return reasons.length > 0 ? { line, externalId, reasons, patch: null } : { line, externalId, reasons, patch };
}

function readBinding(type: string, target: string, reasons: string[]): Binding | null | undefined {
  if (type === '') {
    if (target === '') return null;
    reasons.push('bindingTarget is set but bindingType is empty: write device, camera, zone or unit');
    return undefined;
  }
  const lower = type.toLowerCase();
  if (!(BINDING_TYPES as readonly string[]).includes(lower)) {
    reasons.push(`bindingType "${type}" must be device, camera, zone or unit (or empty for no binding)`);
    return undefined;
  }
  if (target === '') {
    reasons.push(`bindingTarget is empty: a ${lower} binding needs the ${lower}'s id`);
    return undefined;
  }
  switch (lower as BindingType) {
    case 'device':
      return { type: 'device', device: target };
    case 'camera':
      return { type: 'camera', device: target };
    case 'zone':
      return { type: 'zone', zone: target };
    case 'unit':
      return { type: 'unit', unitId: target };
  }
}
