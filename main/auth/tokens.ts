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

export function createTokenIssuer(key: Uint8Array, now: () => number = Date.now): TokenIssuer {
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
      return { sub, tid, sid, role: role as Role, expiresAt: exp * 1000 };
    },
  };
}
