import { beforeEach, describe, expect, it } from 'vitest';
import { type Scope, type Store, type UserRow } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

describe('sessions repository', () => {
  const fx = useTwoTenantStore('sessions');
  let store: Store;
  let a: Scope;
  let b: Scope;
  let user: UserRow;

  beforeEach(() => {
    ({ store, a, b } = fx);
    user = store.users.create(a, { email: 'ana@example.org', name: 'Ana', role: 'admin', passwordHash: 'h' });
  });

  const inAnHour = () => Date.now() + 3_600_000;

  it('creates a live session and reads it back in the scope only', () => {
    const session = store.sessions.create(a, {
      userId: user.id,
      expiresAt: inAnHour(),
      address: '10.0.0.5',
      userAgent: 'test',
    });
    expect(session).toMatchObject({ tenantId: a.tenantId, userId: user.id, revokedAt: null, address: '10.0.0.5' });
    expect(store.sessions.get(a, session.id)).toEqual(session);
    expect(store.sessions.get(b, session.id)).toBeUndefined();
  });

  it("refuses a session for another tenant's user", () => {
    expect(() =>
      store.sessions.create(b, { userId: user.id, expiresAt: inAnHour(), address: 'x', userAgent: 'x' }),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('revokes a live session once, and not from another tenant', () => {
    const session = store.sessions.create(a, { userId: user.id, expiresAt: inAnHour(), address: 'x', userAgent: 'x' });
    expect(store.sessions.revoke(b, session.id)).toBe(false);
    expect(store.sessions.get(a, session.id)?.revokedAt).toBeNull();

    expect(store.sessions.revoke(a, session.id)).toBe(true);
    expect(store.sessions.get(a, session.id)?.revokedAt).toEqual(expect.any(Number));
    expect(store.sessions.revoke(a, session.id)).toBe(false);
    expect(store.sessions.revoke(a, 'no-such-session')).toBe(false);
  });

  it('does not count an expired session as live', () => {
    const session = store.sessions.create(a, { userId: user.id, expiresAt: 1, address: 'x', userAgent: 'x' });
    expect(store.sessions.revoke(a, session.id)).toBe(false);
  });
});
