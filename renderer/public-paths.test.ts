import { describe, expect, it } from 'vitest';
import { isPublicPath, wallBoardAddress } from './public-paths.js';

describe('isPublicPath', () => {
  it('lets wall boards through and nothing else', () => {
    expect(isPublicPath('/wall/north-depot')).toBe(true);
    expect(isPublicPath('/wall/north-depot/')).toBe(true);
    expect(isPublicPath('/wall/')).toBe(false);
    expect(isPublicPath('/wall/a/b')).toBe(false);
    expect(isPublicPath('/map')).toBe(false);
    expect(isPublicPath('/settings/wall/x')).toBe(false);
  });
});

describe('wallBoardAddress', () => {
  it('reads the slug and the environment, production by default', () => {
    expect(wallBoardAddress('/wall/north-depot', '')).toEqual({ slug: 'north-depot', env: 'production' });
    expect(wallBoardAddress('/wall/north-depot/', '?env=staging')).toEqual({ slug: 'north-depot', env: 'staging' });
    expect(wallBoardAddress('/wall/north-depot', '?env=qa')).toEqual({ slug: 'north-depot', env: 'production' });
  });

  it('decodes the slug, and keeps a malformed escape as typed', () => {
    expect(wallBoardAddress('/wall/d%C3%A9p%C3%B4t', '')?.slug).toBe('dépôt');
    expect(wallBoardAddress('/wall/50%', '')?.slug).toBe('50%');
  });

  it('is null for any other address', () => {
    expect(wallBoardAddress('/map', '')).toBeNull();
    expect(wallBoardAddress('/wall/a/b', '')).toBeNull();
  });
});
