import { describe, expect, it } from 'vitest';
import { matchedTerms, termStem, wordMatchesTerm } from './search-terms.js';

describe('search terms', () => {
  it('finds the query words a text holds, word stems included', () => {
    expect(matchedTerms('Disks failing', 'Disk /dev/sda on nvr-1 failed')).toEqual(['disks', 'failing']);
    expect(matchedTerms('camera offline', 'Camera cam-7 lost signal')).toEqual(['camera']);
  });

  it('finds nothing in unrelated text, and never matches a word by its middle', () => {
    expect(matchedTerms('xyzzy', 'Door 12 forced open')).toEqual([]);
    expect(matchedTerms('pen', 'Door opened')).toEqual([]);
  });

  it('keeps short words whole', () => {
    expect(termStem('bus')).toBe('bus');
    expect(termStem('doors')).toBe('door');
    expect(wordMatchesTerm('Doors', 'door')).toBe(true);
  });
});
