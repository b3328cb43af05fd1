import { describe, expect, it } from 'vitest';
import { slugify } from './slugify.js';

describe('slugify', () => {
  it('makes contract-valid slugs from names', () => {
    expect(slugify('North Depot')).toBe('north-depot');
    expect(slugify('  Nørth Dépôt #2 ')).toBe('north-depot-2');
    expect(slugify('A -- B')).toBe('a-b');
    expect(slugify('!!!')).toBe('');
  });

  it('stays within 64 characters without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug.endsWith('-')).toBe(false);
  });
});
