import { expect } from 'vitest';
import type {
  Home,
  ManagedUser,
  PasswordLink,
  SampleStatus,
  Site,
  SiteRemovalImpact,
  homeMethods,
  sampleMethods,
  sitesMethods,
  usersMethods,
  authMethods,
} from '../../contract/index.js';
import type { CallContext, Core } from '../index.js';
import { CALLERS, ctxFor, type Caller, type Fixtures, type MatrixCase, type Outsider } from './rbac-matrix-cases.js';

/**
 * Issue 10's methods in the RBAC matrix: user management, site removal, Home and the sample site,
 * the first admin and one-time password links. Tenant A's admin seeds what they act on.
 */
export interface AccountFixtures {
  /** A user of tenant A whose password, sessions and name the calls change. */
  targetUserId: string;
  /** One invitation link per caller (each is used once, by its caller's auth.setPassword). */
  links: Record<Caller, string>;
  /** Sites of tenant A for sites.remove: the admin's own, and one per outsider, who must not find it. */
  removable: Record<'admin' | Outsider, Site>;
}

export async function seedAccounts(core: Core, ctx: CallContext): Promise<AccountFixtures> {
  const call = <T>(method: string, input: unknown) => core.call(method, input, ctx) as Promise<T>;
  const target = await call<{ user: ManagedUser }>('users.invite', { email: 'target@alpha.example', role: 'viewer' });
  const links = {} as Record<Caller, string>;
  for (const caller of CALLERS) {
    const invited = await call<{ link: PasswordLink }>('users.invite', {
      email: `linked-${caller.toLowerCase()}@alpha.example`,
      role: 'viewer',
    });
    links[caller] = invited.link.token;
  }
  const removable = {} as Record<'admin' | Outsider, Site>;
  for (const who of ['admin', 'otherAdmin', 'installationAdmin'] as const) {
    removable[who] = await call<Site>('sites.create', {
      name: `Removable ${who}`,
      slug: `removable-${who.toLowerCase()}`,
    });
  }
  return { targetUserId: target.user.id, links, removable };
}

const notFound = { expect: 'not_found' as const, check: () => undefined };

async function usersOfA(f: Fixtures): Promise<ManagedUser[]> {
  return ((await f.core.call('users.list', {}, await ctxFor(f, 'admin'))) as { users: ManagedUser[] }).users;
}

async function sitesOfA(f: Fixtures): Promise<Site[]> {
  return ((await f.core.call('sites.list', {}, await ctxFor(f, 'admin'))) as { sites: Site[] }).sites;
}

export const accountCases: Record<
  | keyof typeof usersMethods
  | keyof typeof homeMethods
  | keyof typeof sampleMethods
  | Extract<keyof typeof sitesMethods, 'sites.removalImpact' | 'sites.remove'>
  | Extract<
      keyof typeof authMethods,
      'auth.firstRun' | 'auth.createFirstAdmin' | 'auth.passwordLink' | 'auth.setPassword'
    >,
  MatrixCase
> = {
  'users.list': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r, caller) => {
        const users = (r as { users: ManagedUser[] }).users;
        expect(users.length).toBeGreaterThan(0);
        expect(users.every((u) => u.tenantId === f.outsiders[caller].tenantId)).toBe(true);
        expect(users.map((u) => u.id)).not.toContain(f.usersA.admin.id);
      },
    },
  },
  'users.create': {
    // Outsiders reuse an email of tenant A: each tenant has its own accounts, so they succeed
    // exactly as with a new email, and learn nothing about A (issue 8, row 6).
    input: (f, caller) => ({
      email:
        caller === 'otherAdmin' || caller === 'installationAdmin'
          ? f.usersA.viewer.email
          : `created-by-${caller}@example.com`,
      role: 'viewer',
      password: 'matrix password 123',
    }),
    otherTenant: {
      expect: 'ok',
      check: async (f, r, caller) => {
        expect((r as ManagedUser).tenantId).toBe(f.outsiders[caller].tenantId);
        const users = await usersOfA(f);
        expect(users.map((u) => u.id)).not.toContain((r as ManagedUser).id);
        expect(users.find((u) => u.email === f.usersA.viewer.email)).toMatchObject(f.usersA.viewer);
      },
    },
  },
  'users.invite': {
    input: (f, caller) => ({
      email:
        caller === 'otherAdmin' || caller === 'installationAdmin'
          ? f.usersA.operator.email
          : `invited-by-${caller.toLowerCase()}@example.com`,
      role: 'operator',
    }),
    otherTenant: {
      expect: 'ok',
      check: async (f, r, caller) => {
        const { user, link } = r as { user: ManagedUser; link: PasswordLink };
        expect(user.tenantId).toBe(f.outsiders[caller].tenantId);
        expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect((await usersOfA(f)).find((u) => u.email === f.usersA.operator.email)).toMatchObject(f.usersA.operator);
      },
    },
  },
  'users.update': {
    input: (f, caller) => ({ id: f.accounts.targetUserId, name: `Renamed by ${caller}` }),
    otherTenant: {
      expect: 'not_found',
      check: async (f) =>
        expect((await usersOfA(f)).find((u) => u.id === f.accounts.targetUserId)?.name).not.toMatch(
          /otherAdmin|installationAdmin/,
        ),
    },
  },
  'users.resetPassword': { input: (f) => ({ id: f.accounts.targetUserId }), otherTenant: notFound },
  'users.revokeSessions': { input: (f) => ({ id: f.accounts.targetUserId }), otherTenant: notFound },
  'sites.removalImpact': { input: (f) => ({ id: f.siteA.id }), otherTenant: notFound },
  'sites.remove': {
    input: (f, caller) => {
      const site = f.accounts.removable[caller === 'otherAdmin' || caller === 'installationAdmin' ? caller : 'admin'];
      return { id: site.id, confirmSlug: site.slug };
    },
    otherTenant: {
      expect: 'not_found',
      check: async (f, _r, caller) =>
        expect((await sitesOfA(f)).map((s) => s.id)).toContain(f.accounts.removable[caller].id),
    },
  },
  'home.get': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r) => {
        const home = r as Home;
        expect(home.sites.map((s) => s.id)).not.toContain(f.siteA.id);
        expect(home.alerts.items.map((a) => a.siteId)).not.toContain(f.siteA.id);
      },
    },
  },
  'home.markVisited': { input: () => ({}), otherTenant: { expect: 'ok', check: () => undefined } },
  'home.cacheStats': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (_f, r) => expect((r as { entries: number }).entries).toBeGreaterThanOrEqual(0),
    },
  },
  'home.invalidate': { input: (f) => ({ userId: f.usersA.viewer.id }), otherTenant: notFound },
  'sample.status': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: async (f, r) => {
        const siteId = (r as SampleStatus).siteId;
        if (siteId !== null) expect((await sitesOfA(f)).map((s) => s.id)).not.toContain(siteId);
      },
    },
  },
  'sample.load': {
    input: () => ({ minutes: 1 }),
    otherTenant: {
      expect: 'ok',
      check: async (f, r) => expect((await sitesOfA(f)).map((s) => s.id)).not.toContain((r as SampleStatus).siteId),
    },
  },
  'sample.remove': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (_f, r) => expect((r as { removed: SiteRemovalImpact | null }).removed?.sample).toBe(true),
    },
  },
  // Public methods: anyone may call them, and what they answer depends only on their input.
  'auth.firstRun': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: (_f, r) => expect(r).toEqual({ needed: false }) },
  },
  'auth.createFirstAdmin': {
    input: (_f, caller) => ({ email: `first-${caller.toLowerCase()}@example.com`, password: 'matrix password 123' }),
    // The installation has its admins: nobody may claim it, whoever asks.
    publicOutcome: 'conflict',
    otherTenant: { expect: 'conflict', check: () => undefined },
  },
  'auth.passwordLink': {
    input: (f) => ({ token: f.accounts.links.viewer }),
    otherTenant: {
      expect: 'ok',
      check: (_f, r) =>
        expect(r).toMatchObject({ purpose: 'invite', email: 'linked-viewer@alpha.example', tenant: 'alpha' }),
    },
  },
  'auth.setPassword': {
    input: (f, caller) => ({ token: f.accounts.links[caller], password: 'a new matrix password' }),
    otherTenant: {
      expect: 'ok',
      check: (_f, r, caller) =>
        expect((r as { user: ManagedUser }).user.email).toBe(`linked-${caller.toLowerCase()}@alpha.example`),
    },
  },
};
