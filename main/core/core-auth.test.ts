import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { OutpostError, type LoginResult, type User } from '../contract/index.js';
import { openDatabase } from '../../native/sqlite/index.js';
import { databasePath } from '../store/index.js';
import { signingKeyPath } from '../auth/index.js';
import { addUser, createCore, createLogger, loadConfig, type CallContext, type Config, type Core } from './index.js';

const PASSWORD = 'a long enough password';
const http = (address = '203.0.113.5', token?: string): CallContext => ({ transport: 'http', address, token });

let dataDir: string | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function start(clock?: { now: number }): Promise<{ core: Core; config: Config }> {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-auth-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, auth: { loginMaxFailures: 3, loginWindowMinutes: 15 } } });
  core = await createCore({
    config,
    logger: createLogger({ log: { level: 'silent' } }),
    ...(clock ? { now: () => clock.now } : {}),
  });
  return { core, config };
}

async function codeOf(promise: Promise<unknown>): Promise<OutpostError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

async function login(c: Core, email: string, password = PASSWORD, address?: string): Promise<LoginResult> {
  return (await c.call('auth.login', { email, password }, http(address))) as LoginResult;
}

/** The contract has no way to disable a user or change a role yet; the test edits the row the way a future method will. */
function editUser(config: Config, userId: string, set: { role?: string; disabledAt?: number }): void {
  const db = openDatabase(databasePath(config.dataDir));
  try {
    if (set.role) db.prepare('UPDATE users SET role = ? WHERE id = ?').run(set.role, userId);
    if (set.disabledAt) db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(set.disabledAt, userId);
  } finally {
    db.close();
  }
}

describe('sessions', () => {
  it('signs in, answers auth.me, and logout ends the session for that token', async () => {
    const { core, config } = await start();
    const ann = await addUser({ config, email: 'Ann@Example.com', role: 'operator', password: PASSWORD, name: 'Ann' });
    expect(ann.email).toBe('ann@example.com');

    const session = await login(core, 'ANN@example.com ');
    expect(session.user).toEqual(ann);
    expect(await core.call('auth.me', {}, http(undefined, session.token))).toEqual(ann);

    expect(await core.call('auth.logout', {}, http(undefined, session.token))).toEqual({ ok: true });
    expect((await codeOf(core.call('auth.me', {}, http(undefined, session.token)))).code).toBe('unauthenticated');
    const err = await codeOf(core.authenticate(session.token));
    expect(err.message).toBe('Your session has ended. Sign in again.');

    // Another session of the same user is untouched.
    const again = await login(core, 'ann@example.com');
    expect(await core.call('auth.me', {}, http(undefined, again.token))).toEqual(ann);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const { core, config } = await start();
    await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
    const wrong = await codeOf(login(core, 'ann@example.com', 'not the password!'));
    const unknown = await codeOf(login(core, 'nobody@example.com', 'not the password!'));
    expect(wrong.code).toBe('unauthenticated');
    expect(unknown.code).toBe('unauthenticated');
    expect(unknown.message).toBe(wrong.message);
  });

  it('rejects tampered tokens, tokens of another key, and expired tokens', async () => {
    const { core, config } = await start();
    await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
    const { token } = await login(core, 'ann@example.com');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;

    const promoted = [
      header,
      Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url'),
      signature,
    ];
    expect((await codeOf(core.call('system.info', {}, http(undefined, promoted.join('.'))))).code).toBe(
      'unauthenticated',
    );
    expect((await codeOf(core.call('system.info', {}, http(undefined, `${token}x`)))).code).toBe('unauthenticated');
    expect((await codeOf(core.call('system.info', {}, http(undefined, 'not-a-jwt')))).code).toBe('unauthenticated');

    // Correctly signed with this installation's key, but past its expiry.
    const key = new Uint8Array(readFileSync(signingKeyPath(config.dataDir)));
    const expired = await new SignJWT({ tid: claims.tid, sid: claims.sid, role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.sub))
      .setIssuer('outpost')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    expect((await codeOf(core.call('system.info', {}, http(undefined, expired)))).code).toBe('unauthenticated');
  });

  it('ends a session when its time is up', async () => {
    const clock = { now: Date.now() };
    const { core, config } = await start(clock);
    await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
    const { token, expiresAt } = await login(core, 'ann@example.com');
    expect(expiresAt).toBe(clock.now + config.auth.sessionTtlMinutes * 60_000);
    await expect(core.call('system.info', {}, http(undefined, token))).resolves.toMatchObject({ role: 'site' });
    clock.now = expiresAt + 1;
    expect((await codeOf(core.call('system.info', {}, http(undefined, token)))).code).toBe('unauthenticated');
  });

  it('applies a role change and a disabled account to sessions already signed in', async () => {
    const { core, config } = await start();
    const ann: User = await addUser({ config, email: 'ann@example.com', role: 'admin', password: PASSWORD });
    const { token } = await login(core, 'ann@example.com');
    await expect(core.call('users.list', {}, http(undefined, token))).resolves.toMatchObject({ users: [ann] });

    editUser(config, ann.id, { role: 'viewer' });
    const denied = await codeOf(core.call('users.list', {}, http(undefined, token)));
    expect(denied.code).toBe('forbidden');
    expect(await core.authenticate(token)).toMatchObject({ role: 'viewer' });

    editUser(config, ann.id, { disabledAt: Date.now() });
    expect((await codeOf(core.call('auth.me', {}, http(undefined, token)))).code).toBe('unauthenticated');
    const blocked = await codeOf(login(core, 'ann@example.com'));
    expect(blocked.code).toBe('unauthenticated');
    expect(blocked.message).toMatch(/disabled/);
  });
});

describe('lifecycle', () => {
  it('is ready once started; close is idempotent, then calls are refused and health says down', async () => {
    const { core: c } = await start();
    expect(c.ready()).toBe(true);
    expect(c.health().status).toBe('ok');
    await Promise.all([c.close(), c.close()]);
    await c.close();
    expect(c.ready()).toBe(false);
    expect(c.health().status).toBe('down');
    expect((await codeOf(c.call('system.health', {}, http()))).code).toBe('unavailable');
  });
});

describe('login limits (README: Accounts and sign-in)', () => {
  it('slows an account down after repeated failures: a failing address waits, even with the right password', async () => {
    const { core, config } = await start();
    await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect((await codeOf(login(core, 'ann@example.com', 'wrong password!!', address))).code).toBe('unauthenticated');
    }
    const limited = await codeOf(login(core, 'ann@example.com', PASSWORD, '198.51.100.3'));
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBe(1);
    expect(limited.toBody().error.retryAfterSeconds).toBe(1);
  });

  it('lets the right password in from an address that has not been failing, and from a failing one after the wait', async () => {
    const clock = { now: Date.now() };
    const { core, config } = await start(clock);
    await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
    for (let i = 0; i < 6; i++) {
      clock.now += 60_000;
      await codeOf(login(core, 'ann@example.com', 'wrong password!!', `192.0.2.${i % 2}`));
    }
    expect((await codeOf(login(core, 'ann@example.com', PASSWORD, '192.0.2.1'))).code).toBe('rate_limited');
    await expect(login(core, 'ann@example.com', PASSWORD, '192.0.2.50')).resolves.toMatchObject({
      user: { email: 'ann@example.com' },
    });
    clock.now += 15 * 60_000;
    await expect(login(core, 'ann@example.com', PASSWORD, '192.0.2.1')).resolves.toMatchObject({
      user: { email: 'ann@example.com' },
    });
  });

  it('locks an address that tries many emails, without locking those accounts elsewhere', async () => {
    const { core, config } = await start();
    await addUser({ config, email: 'bob@example.com', role: 'viewer', password: PASSWORD });
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await codeOf(login(core, email, 'wrong password!!', '203.0.113.66'));
    }
    const limited = await codeOf(login(core, 'bob@example.com', PASSWORD, '203.0.113.66'));
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    await expect(login(core, 'bob@example.com', PASSWORD, '203.0.113.67')).resolves.toMatchObject({
      user: { email: 'bob@example.com' },
    });
  });
});
