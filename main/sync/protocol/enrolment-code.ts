/**
 * Enrolment codes: 20 characters of Crockford base 32 (100 bits), shown as four groups of five
 * (`K7M2Q-9XH4T-RB3WD-06NYE`), so a technician can read one over the phone and type it on a site.
 * Crockford's alphabet has no I, L, O or U; typing I or L means 1, O means 0, and case, spaces and
 * dashes do not matter. Written by hand: the format is the product's own, and the protocol module
 * depends on nothing but zod. The randomness comes from the caller (the hub, with node:crypto).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 20;
export const CODE_BYTES = 13; // 104 bits drawn, the first 100 used

/** The code for `random` (at least CODE_BYTES random bytes), in groups of five. */
export function formatEnrolmentCode(random: Uint8Array): string {
  if (random.length < CODE_BYTES) throw new Error(`An enrolment code needs ${CODE_BYTES} random bytes.`);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of random.subarray(0, CODE_BYTES)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < CODE_LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{5}/g)!.join('-');
}

/** The canonical form of a typed code (upper case, no separators, I/L → 1, O → 0), or null when it cannot be one. */
export function normaliseEnrolmentCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (compact.length !== CODE_LENGTH) return null;
  for (const char of compact) if (!ALPHABET.includes(char)) return null;
  return compact;
}
