import { describe, expect, it } from 'vitest';
import { isPublicPath } from './public-paths.js';

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
