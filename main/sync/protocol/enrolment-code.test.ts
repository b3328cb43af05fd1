import { describe, expect, it } from 'vitest';
import { CODE_BYTES, formatEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code.js';

describe('enrolment codes', () => {
  it('are four groups of five Crockford letters and digits, 100 bits', () => {
    const code = formatEnrolmentCode(new Uint8Array(CODE_BYTES).fill(0xa7));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    const codes = new Set(
      Array.from({ length: 200 }, (_, i) =>
        formatEnrolmentCode(new Uint8Array(CODE_BYTES).map((_, j) => (i * 31 + j * 7) & 255)),
      ),
    );
    expect(codes.size).toBe(200);
  });

  it('read the way people type them: any case, spaces or dashes, I and L for 1, O for 0', () => {
    const code = 'K7M2Q-9XH41-RB3WD-06NYE';
    expect(normaliseEnrolmentCode(' k7m2q 9xh4l rb3wd o6nye ')).toBe(code.replace(/-/g, ''));
  });

  it('refuse anything else', () => {
    expect(normaliseEnrolmentCode('K7M2Q-9XH4T-RB3WD-06NY')).toBeNull(); // one short
    expect(normaliseEnrolmentCode('K7M2Q-9XH4T-RB3WD-06NYU')).toBeNull(); // U is not in the alphabet
    expect(normaliseEnrolmentCode('K7M2Q-9XH4T-RB3WD-06NY\u202E')).toBeNull();
  });
});
