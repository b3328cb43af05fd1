import { describe, expect, it } from 'vitest';
import { acceptsGzip, chooseEncoding } from './accept-encoding.js';

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['gzip; q=0.0, identity', false],
    ['*', true],
    ['*;q=0', false],
    ['deflate, br', false],
    ['identity', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('chooseEncoding', () => {
  it.each([
    // What browsers send: every coding at q=1, so the smallest wins.
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    // The client's q-values outrank our preference.
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0.9, gzip;q=0.8', 'br'],
    // Refused with q=0, directly or through *.
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*;q=0, identity', 'identity'],
    ['br;q=0, *', 'gzip'],
    ['*', 'br'],
    // identity preferred over the codings on offer.
    ['identity, gzip;q=0.5', 'identity'],
    ['identity', 'identity'],
    ['', 'identity'],
    ['deflate', 'identity'],
    // Everything refused: still answered, uncoded.
    ['identity;q=0, br;q=0, gzip;q=0', 'identity'],
  ])('%j → %s', (header, expected) => {
    expect(chooseEncoding(header, ['br', 'gzip'])).toBe(expected);
  });

  it('answers uncoded without the header, and offers only what exists', () => {
    expect(chooseEncoding(undefined, ['br', 'gzip'])).toBe('identity');
    expect(chooseEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(chooseEncoding('br', [])).toBe('identity');
  });
});
