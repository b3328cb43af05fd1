import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse');
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('same password 1'), hashPassword('same password 1')]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same password 1', b)).resolves.toBe(true);
  });

  it('never matches a malformed or hostile hash', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$16384$8$1$$',
      'bcrypt$1$2$3$AA==$AA==',
      'scrypt$1099511627776$8$1$AA==$AA==',
    ]) {
      await expect(verifyPassword('anything at all', bad)).resolves.toBe(false);
    }
  });

  it('the dummy hash matches no password a user would type', async () => {
    const dummy = await dummyPasswordHash();
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
    await expect(verifyPassword('password1234', dummy)).resolves.toBe(false);
    expect(await dummyPasswordHash()).toBe(dummy);
  });
});
