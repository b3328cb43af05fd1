import { describe, expect, it } from 'vitest';
import { bearerToken, unverifiedSubject } from './bearer.js';

const jwt = (claims: object) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');

describe('bearerToken', () => {
  it('reads the token of a Bearer header in any case', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
  });
  it('ignores other schemes and missing headers', () => {
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
  });
});

describe('unverifiedSubject', () => {
  it('reads sub from a JWT-shaped token', () => {
    expect(unverifiedSubject(jwt({ sub: 'user-1' }))).toBe('user-1');
  });
  it('gives up on anything else', () => {
    expect(unverifiedSubject('not-a-jwt')).toBeUndefined();
    expect(unverifiedSubject('a.!!!.c')).toBeUndefined();
    expect(unverifiedSubject(jwt({ sub: 42 }))).toBeUndefined();
    expect(unverifiedSubject(undefined)).toBeUndefined();
  });
});
