import { describe, expect, it } from 'vitest';
import { firstVaryingWord, wordLabel } from './split-words.js';

describe('choosing the word to split at', () => {
  it('starts at the first word that varies, a masked value counting as varying', () => {
    expect(firstVaryingWord(['removing', 'service', '<*>'])).toBe(2);
    expect(firstVaryingWord(['login', 'from', '<ip>', 'as', '<*>'])).toBe(2);
    expect(firstVaryingWord(['disk', 'full'])).toBe(0);
  });

  it('numbers the words, so a word that appears twice is still told apart', () => {
    expect(wordLabel('to', 0)).toBe('1 · to');
    expect(wordLabel('<*>', 3)).toBe('4 · (varies)');
  });
});
