import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The hub's id for a row a site sent: the origin id's time part (so the hub's copies still sort by
 * when they were made) and 80 bits of SHA-256 over the hub's id for the site and the origin id. A
 * replay finds the same row (so it cannot duplicate one), and a site cannot name a row of another
 * site: the digest depends on the site's id, which the site does not choose. Derived rather than
 * looked up, so the hub keeps no table of a million id pairs.
 */
export function mirrorId(siteId: string, originId: string): string {
  const time = ULID.test(originId) ? originId.slice(0, 10) : '0000000000';
  const digest = createHash('sha256').update(siteId).update('\u0000').update(originId).digest();
  let out = time;
  let value = 0;
  let bits = 0;
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === 26) break;
  }
  return out;
}
