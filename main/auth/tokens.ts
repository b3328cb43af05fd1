import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../contract/index.js';
import { ROLES } from '../contract/index.js';

export const TOKEN_ISSUER = 'outpost';
const ALG = 'HS256';

export interface TokenClaims {
  /** User id. */
  sub: string;
  /** Tenant id. */
  tid: string;
  /** Session id. */
  sid: string;
  role: Role;
  /** Expiry, UTC milliseconds (the token itself carries seconds). */
  expiresAt: number;
}

export interface TokenIssuer {
  sign(claims: TokenClaims): Promise<string>;
  /** Throws when the signature, issuer, algorithm or expiry is wrong, or a claim is missing. */
  verify(token: string): Promise<TokenClaims>;
}

/** Tokens remembered as verified; beyond this the oldest is forgotten (and verified again when next seen). */
const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenIssuer(key: Uint8Array, now: () => number = Date.now): TokenIssuer {
  // Every API call verifies its token, and WebCrypto's HMAC runs as a thread-pool job: under 100
  // concurrent readers it was the largest cost of a cached home.get. A token is the same bytes each
  // time, so one that verified once verifies again until it expires; only the expiry is checked again.
  // The session behind it is still read on every call (auth-service), so sign-outs apply at once.
  const verified = new Map<string, TokenClaims>();
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  };
  return {
    async sign(claims) {
      return new SignJWT({ tid: claims.tid, sid: claims.sid, role: claims.role })
        .setProtectedHeader({ alg: ALG, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(TOKEN_ISSUER)
        .setIssuedAt(Math.floor(now() / 1000))
        .setExpirationTime(Math.floor(claims.expiresAt / 1000))
        .sign(key);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > now()) return { ...known };
        verified.delete(token);
      }
      const { payload } = await jwtVerify(token, key, {
        issuer: TOKEN_ISSUER,
        algorithms: [ALG],
        requiredClaims: ['sub', 'exp', 'tid', 'sid', 'role'],
        currentDate: new Date(now()),
      });
      const { sub, tid, sid, role, exp } = payload;
      if (
        typeof sub !== 'string' ||
        typeof tid !== 'string' ||
        typeof sid !== 'string' ||
        typeof exp !== 'number' ||
        !(ROLES as readonly unknown[]).includes(role)
      ) {
        throw new Error('token claims have the wrong shape');
      }
      const claims = { sub, tid, sid, role: role as Role, expiresAt: exp * 1000 };
      remember(token, claims);
      return { ...claims };
    },
  };
}
