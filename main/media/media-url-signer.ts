import { jwtVerify, SignJWT } from 'jose';
import { OutpostError } from '../contract/index.js';

/**
 * Short-lived URLs for `<video>` and `<img>`, which cannot send a bearer header: an HS256 token
 * bound to one media id and tenant, valid for minutes, signed with a key of its own (a leaked
 * media URL can never pass for a session).
 */
export interface MediaUrlSigner {
  sign(grant: { tenantId: string; mediaId: string }): Promise<{ token: string; expiresAt: number }>;
  /** The grant of a valid token for `mediaId`; `unauthenticated` otherwise (expired, forged, another file). */
  verify(token: string, mediaId: string): Promise<{ tenantId: string }>;
}

const AUDIENCE = 'outpost-media';

export function createMediaUrlSigner(
  key: Uint8Array,
  ttlSeconds: number,
  now: () => number = Date.now,
): MediaUrlSigner {
  return {
    async sign({ tenantId, mediaId }) {
      const issuedAt = Math.floor(now() / 1000);
      const token = await new SignJWT({ tid: tenantId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(mediaId)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key);
      return { token, expiresAt: (issuedAt + ttlSeconds) * 1000 };
    },
    async verify(token, mediaId) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          audience: AUDIENCE,
          subject: mediaId,
          currentDate: new Date(now()),
        });
        if (typeof payload.tid !== 'string') throw new Error('no tenant');
        return { tenantId: payload.tid };
      } catch {
        throw new OutpostError(
          'unauthenticated',
          'This media link has expired or is not valid for this file. Open the event again for a fresh link.',
        );
      }
    },
  };
}
