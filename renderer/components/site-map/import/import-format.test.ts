import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  EXAMPLE_CSV,
  filterRows,
  formatFromFileName,
  guessFormat,
  isEmptyPayload,
  issueLines,
  newProgressId,
  progressFraction,
  rowDetail,
  rowsToWrite,
  summaryText,
  type ImportRow,
} from './import-format.js';

const rows: ImportRow[] = [
  { line: 2, externalId: 'a', outcome: 'created', reasons: [] },
  { line: 3, externalId: 'b', outcome: 'updated', reasons: [], changes: ['label', 'binding'] },
  { line: 4, externalId: null, outcome: 'rejected', reasons: ['externalId is missing', 'label is empty'] },
];

describe('import format helpers', () => {
  it('reads the format from the file name', () => {
    expect(formatFromFileName('Overlays.CSV')).toBe('csv');
    expect(formatFromFileName('overlays.json')).toBe('json');
    expect(formatFromFileName('overlays.xlsx')).toBeNull();
  });

  it('guesses pasted JSON from its first character', () => {
    expect(guessFormat('  [{"externalId": "a"}]')).toBe('json');
    expect(guessFormat('\uFEFF{"overlays": []}')).toBe('json');
    expect(guessFormat('externalId,label\na,A')).toBe('csv');
  });

  it('has an example with the importer’s columns, one row needing quotes', () => {
    const [header, ...lines] = EXAMPLE_CSV.split('\r\n');
    expect(header).toBe('externalId,shapeId,label,bindingType,bindingTarget,layer,prop:floor');
    expect(lines.filter(Boolean)).toHaveLength(5);
    expect(EXAMPLE_CSV).toContain('"Gate, east"');
  });

  it('counts what would be written and sums up the dry run', () => {
    const summary = { created: 3, updated: 2, unchanged: 7, rejected: 0 };
    expect(rowsToWrite(summary)).toBe(5);
    expect(summaryText(summary)).toBe('3 created, 2 updated, 7 unchanged, 0 rejected');
  });

  it('filters to rejected rows and says why', () => {
    expect(filterRows(rows, false)).toBe(rows);
    expect(filterRows(rows, true).map((r) => r.line)).toEqual([4]);
    expect(rowDetail(rows[2]!)).toBe('externalId is missing; label is empty');
    expect(rowDetail(rows[1]!)).toBe('Changes: label, binding');
    expect(rowDetail(rows[0]!)).toBe('');
  });

  it('turns a failed commit’s issues into lines', () => {
    expect(
      issueLines([
        { path: 'line 4', message: 'label is empty' },
        { path: 'content', message: 'not valid JSON' },
      ]),
    ).toEqual(['Line 4: label is empty', 'not valid JSON']);
  });

  it('makes progress ids and fractions', () => {
    expect(newProgressId(() => 0.5)).toMatch(/^import-[0-9a-z]+-[0-9a-z]+$/);
    expect(newProgressId().length).toBeLessThanOrEqual(64);
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ done: 0, total: 0 })).toBeNull();
    expect(progressFraction({ done: 50, total: 200 })).toBe(0.25);
  });
});

describe('bytesToBase64', () => {
  it('encodes bytes as they are, not as decoded text (a Latin-1 é stays one byte 0xE9)', () => {
    expect(bytesToBase64(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toBe(
      Buffer.from([0x43, 0x61, 0x66, 0xe9]).toString('base64'),
    );
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });

  it('knows an empty payload', () => {
    expect(isEmptyPayload({ content: '  \n' })).toBe(true);
    expect(isEmptyPayload({ contentBase64: '' })).toBe(true);
    expect(isEmptyPayload({ contentBase64: 'QQ==' })).toBe(false);
  });
});
