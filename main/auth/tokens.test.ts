import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createTokenIssuer, type TokenClaims } from './tokens.js';

const claims = (expiresAt: number): TokenClaims => ({
  sub: '01HZZZZZZZZZZZZZZZZZZZZZZA',
  tid: '01HZZZZZZZZZZZZZZZZZZZZZZB',
  sid: '01HZZZZZZZZZZZZZZZZZZZZZZC',
  role: 'operator',
  expiresAt,
});

describe('session tokens', () => {
  const key = new Uint8Array(randomBytes(32));
  const start = Date.UTC(2030, 0, 1);

  it('round-trips the claims', async () => {
    const issuer = createTokenIssuer(key, () => start);
    const token = await issuer.sign(claims(start + 60_000));
    await expect(issuer.verify(token)).resolves.toEqual(claims(start + 60_000));
  });

  it('rejects a token once it has expired', async () => {
    let now = start;
    const issuer = createTokenIssuer(key, () => now);
    const token = await issuer.sign(claims(start + 60_000));
    now = start + 61_000;
    await expect(issuer.verify(token)).rejects.toThrow();
  });

  it('remembers a verified token only until it expires', async () => {
    let now = start;
    const issuer = createTokenIssuer(key, () => now);
    const token = await issuer.sign(claims(start + 60_000));
    await expect(issuer.verify(token)).resolves.toEqual(claims(start + 60_000));
    // A caller changing its answer does not change what the next caller gets.
    (await issuer.verify(token)).role = 'admin';
    await expect(issuer.verify(token)).resolves.toEqual(claims(start + 60_000));
    now = start + 60_000;
    await expect(issuer.verify(token)).rejects.toThrow();
    // A token that differs in one character is verified afresh, and refused.
    now = start;
    const forged = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)!;
    await expect(issuer.verify(forged)).rejects.toThrow();
  });

  it('rejects a tampered token', async () => {
    const issuer = createTokenIssuer(key, () => start);
    const token = await issuer.sign(claims(start + 60_000));
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    forged.role = 'admin';
    const tampered = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.');
    await expect(issuer.verify(tampered)).rejects.toThrow();
  });

  it('rejects a token signed with another installation key, or an unsigned one', async () => {
    const issuer = createTokenIssuer(key, () => start);
    const other = createTokenIssuer(new Uint8Array(randomBytes(32)), () => start);
    await expect(issuer.verify(await other.sign(claims(start + 60_000)))).rejects.toThrow();
    const none = [
      Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url'),
      Buffer.from(JSON.stringify({ ...claims(start + 60_000), iss: 'outpost', exp: start / 1000 + 60 })).toString(
        'base64url',
      ),
      '',
    ].join('.');
    await expect(issuer.verify(none)).rejects.toThrow();
  });

  it('rejects a token from another issuer or missing the session claim', async () => {
    const issuer = createTokenIssuer(key, () => start);
    const exp = Math.floor(start / 1000) + 60;
    const foreign = await new SignJWT({ tid: 't', sid: 's', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer('someone-else')
      .setExpirationTime(exp)
      .sign(key);
    await expect(issuer.verify(foreign)).rejects.toThrow();
    const noSid = await new SignJWT({ tid: 't', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer('outpost')
      .setExpirationTime(exp)
      .sign(key);
    await expect(issuer.verify(noSid)).rejects.toThrow();
  });
});
