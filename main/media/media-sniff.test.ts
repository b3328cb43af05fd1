import { describe, expect, it } from 'vitest';
import { declaredMediaType, sniffMediaType } from './media-sniff.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffMediaType', () => {
  it('recognises JPEG, PNG and MP4 by their first bytes', () => {
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toBe('image/jpeg');
    expect(sniffMediaType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe('image/png');
    expect(sniffMediaType(bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]))).toBe('video/mp4');
    expect(sniffMediaType(bytes([0, 0, 0, 0x1c], 'ftypmp42'))).toBe('video/mp4');
  });

  it('names other recognised formats so errors can say what was sent', () => {
    expect(sniffMediaType(bytes([0, 0, 0, 0x14], 'ftypqt  '))).toBe('video/quicktime');
    expect(sniffMediaType(bytes([0, 0, 0, 0x18], 'ftypheic'))).toBe('image/heif');
    expect(sniffMediaType(bytes('GIF89a', [1, 0, 1, 0]))).toBe('image/gif');
    expect(sniffMediaType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffMediaType(bytes('%PDF-1.7'))).toBe('application/pdf');
  });

  it('returns null for anything else, including too few bytes', () => {
    expect(sniffMediaType(Buffer.from('hello world, not an image'))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
    expect(sniffMediaType(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffMediaType(bytes([0, 0, 0, 0x20], 'ftyp'))).toBeNull();
  });
});

describe('declaredMediaType', () => {
  it('drops parameters, lower-cases, resolves aliases and treats octet-stream as unknown', () => {
    expect(declaredMediaType('Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(declaredMediaType('image/jpg')).toBe('image/jpeg');
    expect(declaredMediaType('application/octet-stream')).toBe('');
    expect(declaredMediaType('')).toBe('');
  });
});
