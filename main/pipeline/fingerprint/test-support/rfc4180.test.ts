import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvObjects } from './rfc4180.js';

describe('parseCsv', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\nlines"\r\nx,,z\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines'],
      ['x', '', 'z'],
    ]);
  });

  it('reads a last record without a line break, keyed by the header', () => {
    expect(parseCsvObjects('LineId,Content\n1,"Registered [TERM, HUP]"')).toEqual([
      { LineId: '1', Content: 'Registered [TERM, HUP]' },
    ]);
  });
});
