import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from './base64.js';

describe('bytesToBase64', () => {
  it('matches Node for sizes around the chunk boundary', () => {
    for (const size of [0, 1, 2, 3, 49_151, 49_152, 49_153, 200_000]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
