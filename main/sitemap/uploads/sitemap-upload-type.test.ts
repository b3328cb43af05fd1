import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectMapFileType } from './sitemap-upload-type.js';

const fixture = (name: string) => readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url));

describe('detectMapFileType', () => {
  it('recognises PNG and JPEG by their signatures', () => {
    expect(detectMapFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toEqual({
      type: 'image/png',
    });
    expect(detectMapFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({ type: 'image/jpeg' });
  });

  it('recognises SVG text after a BOM, XML declaration, comments and DOCTYPE, and with a prefix', () => {
    const svgs = [
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '\uFEFF  <?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<svg/>',
      '<!DOCTYPE svg [ <!ENTITY a "b>c"> ]>\n<svg>',
      '<?xml version="1.0"?><svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>',
    ];
    for (const text of svgs) expect(detectMapFileType(Buffer.from(text))).toEqual({ type: 'image/svg+xml' });
    expect(detectMapFileType(fixture('floor-plan.svg'))).toEqual({ type: 'image/svg+xml' });
    // UTF-16 is recognised so the sanitiser can say how to fix it.
    expect(detectMapFileType(fixture('hostile/utf16.svg'))).toEqual({ type: 'image/svg+xml' });
  });

  it('names what other files are', () => {
    expect(detectMapFileType(Buffer.from('GIF89a......'))).toEqual({ type: null, found: 'image/gif' });
    expect(detectMapFileType(Buffer.from('<!DOCTYPE html><html><body/></html>'))).toEqual({
      type: null,
      found: 'an XML or HTML document whose top element is <html>',
    });
    expect(detectMapFileType(Buffer.from('%PDF-1.7'))).toEqual({ type: null, found: 'application/pdf' });
    for (const other of ['plain words', '', '<!-- never closed <svg>', '<?xml version="1.0"?>']) {
      expect(detectMapFileType(Buffer.from(other))).toEqual({
        type: null,
        found: 'a file that is not PNG, JPEG or SVG',
      });
    }
  });
});
