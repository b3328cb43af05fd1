import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutpostError, type LoginResult, type ManagedUser, type PasswordLink, type User } from '../contract/index.js';
import { createCore, createLogger, loadConfig, type CallContext, type Core } from '../core/index.js';
import { openStore } from '../store/index.js';

/**
 * The first admin without a terminal, invitations and password resets by one-time link, and the
 * Users page's changes (role, disable, sign out everywhere), on a real Core with a movable clock.
 */
const PASSWORD = 'first admin password';
const http = (address = '203.0.113.5', token?: string): CallContext => ({ transport: 'http', address, token });

let dataDir: string | undefined;
let core: Core | undefined;
/** Starts at the real time: sessions are stamped by the store's own clock. */
const clock = { now: Date.now() };

afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function start(): Promise<Core> {
  clock.now = Date.now();
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-users-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, auth: { firstRunPerMinute: 3, inviteTtlHours: 72 } } });
  core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }), now: () => clock.now });
  return core;
}

async function failure(promise: Promise<unknown>): Promise<OutpostError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const login = async (c: Core, email: string, password: string) =>
  (await c.call('auth.login', { email, password }, http())) as LoginResult;

async function withAdmin(): Promise<{ c: Core; admin: CallContext }> {
  const c = await start();
  await c.call('auth.createFirstAdmin', { email: 'root@example.com', password: PASSWORD }, http());
  return { c, admin: http('203.0.113.5', (await login(c, 'root@example.com', PASSWORD)).token) };
}

describe('the first admin', () => {
  it('is created once, by one of two racing requests, as an installation admin, and audited', async () => {
    const c = await start();
    expect(await c.call('auth.firstRun', {}, http())).toEqual({ needed: true });
    const results = await Promise.allSettled([
      c.call('auth.createFirstAdmin', { email: 'ann@example.com', password: PASSWORD }, http('198.51.100.1')),
      c.call('auth.createFirstAdmin', { email: 'bob@example.com', password: PASSWORD }, http('198.51.100.2')),
    ]);
    const created = results.filter((r): r is PromiseFulfilledResult<User> => r.status === 'fulfilled');
    expect(created).toHaveLength(1);
    expect(created[0]!.value).toMatchObject({ role: 'admin', installationAdmin: true });
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict' });
    expect(await c.call('auth.firstRun', {}, http())).toEqual({ needed: false });
    expect(
      await failure(c.call('auth.createFirstAdmin', { email: 'eve@example.com', password: PASSWORD }, http())),
    ).toMatchObject({
      code: 'conflict',
    });

    const store = await openStore({ dataDir: dataDir! });
    try {
      const tenantId = created[0]!.value.tenantId;
      const audit = store.audit.list({ tenantId }).filter((e) => e.action === 'auth.createFirstAdmin');
      const ok = audit.find((e) => e.outcome === 'ok')!;
      expect(ok).toMatchObject({ actorUserId: created[0]!.value.id, actorEmail: created[0]!.value.email });
      expect(ok.detail).not.toContain(PASSWORD);
      expect(audit.filter((e) => e.outcome === 'failed')).toHaveLength(2);
    } finally {
      store.close();
    }
  });

  it('is limited per address while the installation is open', async () => {
    const c = await start();
    // Five at once from one address (three a minute allowed): one becomes the admin, the other two
    // that got through find it taken, and two are told to wait; another address is not held up.
    const attempts = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        c.call('auth.createFirstAdmin', { email: `admin${n}@example.com`, password: PASSWORD }, http('192.0.2.9')),
      ),
    );
    const codes = attempts.map((a) => (a.status === 'rejected' ? (a.reason as OutpostError).code : 'ok')).sort();
    expect(codes).toEqual(['conflict', 'conflict', 'ok', 'rate_limited', 'rate_limited']);
    const limited = attempts.find((a) => a.status === 'rejected' && (a.reason as OutpostError).code === 'rate_limited');
    expect(((limited as PromiseRejectedResult).reason as OutpostError).retryAfterSeconds).toBeGreaterThan(0);
    expect(
      await failure(c.call('auth.createFirstAdmin', { email: 'x@example.com', password: PASSWORD }, http('192.0.2.8'))),
    ).toMatchObject({
      code: 'conflict',
    });
  });
});

describe('invitations and password resets', () => {
  it('lets an invited user set a password once, before the link expires', async () => {
    const { c, admin } = await withAdmin();
    const { user, link } = (await c.call('users.invite', { email: 'Ops@Example.com', role: 'operator' }, admin)) as {
      user: ManagedUser;
      link: PasswordLink;
    };
    expect(user).toMatchObject({
      email: 'ops@example.com',
      role: 'operator',
      invitedUntil: link.expiresAt,
      lastSignInAt: null,
    });
    expect(link.expiresAt).toBe(clock.now + 72 * 3_600_000);
    // The account exists but no password works until the link is used.
    expect(await failure(login(c, 'ops@example.com', PASSWORD))).toMatchObject({ code: 'unauthenticated' });
    expect(await c.call('auth.passwordLink', { token: link.token }, http())).toEqual({
      purpose: 'invite',
      email: 'ops@example.com',
      tenant: 'default',
      expiresAt: link.expiresAt,
    });
    const set = await c.call('auth.setPassword', { token: link.token, password: 'the operator password' }, http());
    expect(set).toMatchObject({ tenant: 'default', user: { id: user.id } });
    expect((await login(c, 'ops@example.com', 'the operator password')).user.id).toBe(user.id);
    // Used once: the link is gone for everyone.
    expect(
      await failure(c.call('auth.setPassword', { token: link.token, password: 'another password!' }, http())),
    ).toMatchObject({
      code: 'not_found',
    });
    const listed = (await c.call('users.list', {}, admin)) as { users: ManagedUser[] };
    expect(listed.users.find((u) => u.id === user.id)).toMatchObject({
      invitedUntil: null,
      lastSignInAt: expect.any(Number),
    });
  });

  it('refuses an expired link, and a link replaced by a newer one', async () => {
    const { c, admin } = await withAdmin();
    const first = (await c.call('users.invite', { email: 'late@example.com', role: 'viewer' }, admin)) as {
      user: ManagedUser;
      link: PasswordLink;
    };
    const second = (await c.call('users.resetPassword', { id: first.user.id }, admin)) as { link: PasswordLink };
    expect(await failure(c.call('auth.passwordLink', { token: first.link.token }, http()))).toMatchObject({
      code: 'not_found',
    });
    clock.now += 25 * 3_600_000;
    expect(
      await failure(c.call('auth.setPassword', { token: second.link.token, password: 'too late password' }, http())),
    ).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('Ask an admin for a new link'),
    });
  });

  it('ends the old password and every session at a reset, until the new link is used', async () => {
    const { c, admin } = await withAdmin();
    const { link } = (await c.call('users.invite', { email: 'tech@example.com', role: 'technician' }, admin)) as {
      user: ManagedUser;
      link: PasswordLink;
    };
    await c.call('auth.setPassword', { token: link.token, password: 'technician password' }, http());
    const session = await login(c, 'tech@example.com', 'technician password');
    const { link: reset } = (await c.call('users.resetPassword', { id: session.user.id }, admin)) as {
      link: PasswordLink;
    };
    expect(await failure(c.call('auth.me', {}, http(undefined, session.token)))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await failure(login(c, 'tech@example.com', 'technician password'))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await c.call('auth.passwordLink', { token: reset.token }, http())).toMatchObject({ purpose: 'reset' });
    await c.call('auth.setPassword', { token: reset.token, password: 'a brand new password' }, http());
    expect((await login(c, 'tech@example.com', 'a brand new password')).user.email).toBe('tech@example.com');
  });
});

describe('managing users', () => {
  async function member(c: Core, admin: CallContext, email: string, role: 'viewer' | 'admin') {
    const { user, link } = (await c.call('users.invite', { email, role }, admin)) as {
      user: ManagedUser;
      link: PasswordLink;
    };
    await c.call('auth.setPassword', { token: link.token, password: 'member password 1' }, http());
    return user;
  }

  it('changes a role at once, and signs a user out everywhere', async () => {
    const { c, admin } = await withAdmin();
    const ann = await member(c, admin, 'ann@example.com', 'viewer');
    const one = await login(c, 'ann@example.com', 'member password 1');
    const two = await login(c, 'ann@example.com', 'member password 1');
    expect(await c.call('users.update', { id: ann.id, role: 'technician', name: 'Ann' }, admin)).toMatchObject({
      role: 'technician',
      name: 'Ann',
    });
    expect(await c.call('auth.me', {}, http(undefined, one.token))).toMatchObject({ role: 'technician' });
    expect(await c.call('users.revokeSessions', { id: ann.id }, admin)).toEqual({ revoked: 2 });
    for (const s of [one, two]) {
      expect(await failure(c.call('auth.me', {}, http(undefined, s.token)))).toMatchObject({ code: 'unauthenticated' });
    }
    expect((await login(c, 'ann@example.com', 'member password 1')).user.id).toBe(ann.id);
  });

  it('disables and enables an account; its sessions and links end when disabled', async () => {
    const { c, admin } = await withAdmin();
    const ann = await member(c, admin, 'ann@example.com', 'viewer');
    const session = await login(c, 'ann@example.com', 'member password 1');
    const disabled = (await c.call('users.update', { id: ann.id, disabled: true }, admin)) as ManagedUser;
    expect(disabled.disabledAt).toBe(clock.now);
    expect(await failure(c.call('auth.me', {}, http(undefined, session.token)))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await failure(login(c, 'ann@example.com', 'member password 1'))).toMatchObject({
      message: expect.stringContaining('disabled'),
    });
    expect(await failure(c.call('users.resetPassword', { id: ann.id }, admin))).toMatchObject({ code: 'conflict' });
    await c.call('users.update', { id: ann.id, disabled: false }, admin);
    expect((await login(c, 'ann@example.com', 'member password 1')).user.id).toBe(ann.id);
  });

  it("keeps an enabled admin: the last one cannot be demoted or disabled, and other tenants' users are not found", async () => {
    const { c, admin } = await withAdmin();
    const me = (await c.call('auth.me', {}, admin)) as User;
    for (const change of [{ role: 'operator' }, { disabled: true }]) {
      expect(await failure(c.call('users.update', { id: me.id, ...change }, admin))).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('only enabled admin'),
      });
    }
    const other = await member(c, admin, 'second@example.com', 'admin');
    expect(await c.call('users.update', { id: me.id, role: 'viewer' }, admin)).toMatchObject({ role: 'viewer' });
    expect(await failure(c.call('users.update', { id: other.id, disabled: true }, admin))).toMatchObject({
      code: 'forbidden',
    });
    const second = http(undefined, (await login(c, 'second@example.com', 'member password 1')).token);
    expect(await failure(c.call('users.revokeSessions', { id: '01J00000000000000000000000' }, second))).toMatchObject({
      code: 'not_found',
    });
  });
});
