import { expect } from 'vitest';
import {
  ROLES,
  type ErrorCode,
  type LoginResult,
  type MethodName,
  type Role,
  type Site,
  type Tenant,
  type User,
} from '../../contract/index.js';
import type { CallContext, Config, Core } from '../index.js';
import type { PipelineFixtures } from './rbac-pipeline-fixtures.js';
import type { SitemapFixtures } from './rbac-sitemap-fixtures.js';
import { sitemapCases } from './rbac-sitemap-cases.js';
import { mediaCases } from './rbac-media-cases.js';
import { tunnelCases, type TunnelFixtures } from './rbac-tunnel-cases.js';
import { accountCases, type AccountFixtures } from './rbac-home-cases.js';
import { syncCases, type SyncFixtures } from './rbac-sync-cases.js';

/**
 * The RBAC matrix's table: for every contract method, a valid sample input and what another
 * tenant's admin must get. rbac-matrix.test.ts runs every row as every caller.
 */

export const PASSWORD = 'matrix password 123';
export const ADDRESS = '198.51.100.77';

/**
 * Tenant A's users by role; `otherAdmin`, the admin of tenant B; `installationAdmin`, the first admin
 * of the installation (in the `default` tenant), who may manage tenants and must see nothing of A.
 */
export type Caller = Role | 'anonymous' | 'otherAdmin' | 'installationAdmin';
export const CALLERS: readonly Caller[] = [...ROLES, 'anonymous', 'otherAdmin', 'installationAdmin'];
/** Callers from outside tenant A: every tenant-scoped method must hide A from them. */
export type Outsider = 'otherAdmin' | 'installationAdmin';
export const isOutsider = (caller: Caller): caller is Outsider =>
  caller === 'otherAdmin' || caller === 'installationAdmin';

export interface Fixtures {
  core: Core;
  config: Config;
  tenantA: string;
  siteA: Site;
  usersA: Record<Role, User>;
  /** The outsiders' own users (their tenant is `user.tenantId`). */
  outsiders: Record<Outsider, User>;
  email(caller: Caller): string;
  /** The tenant slug each caller signs in to. */
  tenantSlug(caller: Caller): string;
  /** A tenant nobody uses, for tenants.disable and tenants.enable. */
  spareTenant: string;
  /** Tenant A's sources, events, groups, alerts and rules. */
  p: PipelineFixtures;
  /** Tenant A's site map on siteA: a base map, an overlay, releases 1 (production) and 2 (staging). */
  map: SitemapFixtures;
  /** Tenant A's tunnels: a hub with peers, and an interface and a peer to remove. */
  t: TunnelFixtures & { adminToken: string };
  /** Tenant A's users, links and sites for user management, site removal and the password links. */
  accounts: AccountFixtures;
  /** Tenant A's site for sync's site methods, and a conflict per caller to resolve. */
  s: SyncFixtures;
}

interface OtherTenantRule {
  /** What an outsider (another tenant's admin, the installation admin) gets: success, or the error that hides tenant A's data. */
  expect: 'ok' | ErrorCode;
  /** Asserts that nothing of tenant A was seen or changed. */
  check(f: Fixtures, result: unknown, caller: Outsider): void | Promise<void>;
}

export interface MatrixCase {
  /** A valid input for this caller; rejections must come from access rules, never from validation. */
  input(f: Fixtures, caller: Caller): unknown;
  /** Tenant-scoped methods: what outsiders get. Installation methods refuse everyone but the installation admin. */
  otherTenant: OtherTenantRule;
  /** Installation methods: asserts what the installation admin got. */
  installation?: (f: Fixtures, result: unknown) => void | Promise<void>;
  /** Logs in afresh for the call (auth.logout would end the shared session otherwise). */
  ownSession?: boolean;
  /** Public methods: what every caller gets when that is not success (the first admin exists already). */
  publicOutcome?: ErrorCode;
}

async function siteAUnchanged(f: Fixtures): Promise<void> {
  const { sites } = (await f.core.call('sites.list', {}, await ctxFor(f, 'admin'))) as { sites: Site[] };
  expect(sites.find((s) => s.id === f.siteA.id)).toMatchObject({ name: f.siteA.name, slug: f.siteA.slug });
}

/** The answer belongs to the outsider's own tenant. */
const inOwnTenant = (f: Fixtures, result: unknown, caller: Outsider) =>
  expect((result as { tenantId: string }).tenantId).toBe(f.outsiders[caller].tenantId);

/** A list answer of the other tenant holds none of tenant A's ids. */
const noneOf =
  (ids: (f: Fixtures) => string[]) =>
  (f: Fixtures, result: unknown): void => {
    const items = (
      result as { items: { id?: string; type?: string; event?: { id: string }; group?: { id: string } }[] }
    ).items;
    const seen = items.map((i) => i.id ?? i.event?.id ?? i.group?.id);
    for (const id of ids(f)) expect(seen).not.toContain(id);
  };

const notFound: OtherTenantRule = { expect: 'not_found', check: () => undefined };
const mine = (f: Fixtures, caller: Caller) => {
  const own = f.p.perCaller[caller];
  if (!own) throw new Error(`No pipeline fixtures for ${caller}`);
  return own;
};

export const cases: Record<MethodName, MatrixCase> = {
  'system.health': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (_f, r) =>
        expect(Object.keys(r as object).sort()).toEqual(['embedder', 'sqlite', 'sqliteVec', 'status', 'version']),
    },
  },
  'system.info': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: (_f, r) => expect(r).not.toHaveProperty('tenantId') },
  },
  'auth.login': {
    input: (f, caller) => {
      const who = caller === 'anonymous' ? 'viewer' : caller;
      return { tenant: f.tenantSlug(who), email: f.email(who), password: PASSWORD };
    },
    otherTenant: { expect: 'ok', check: (f, r, caller) => inOwnTenant(f, (r as LoginResult).user, caller) },
  },
  'auth.logout': {
    input: () => ({}),
    ownSession: true,
    otherTenant: { expect: 'ok', check: () => undefined },
  },
  'auth.me': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: (f, r, caller) => expect(r).toEqual(f.outsiders[caller]) },
  },
  // Installation methods: only the installation admin; tenant admins stay inside their tenant.
  'tenants.list': {
    input: () => ({}),
    otherTenant: { expect: 'forbidden', check: () => undefined },
    installation: (_f, r) => {
      const tenants = (r as { tenants: Tenant[] }).tenants;
      expect(tenants.map((t) => t.slug)).toEqual(expect.arrayContaining(['alpha', 'beta', 'default']));
      // Counts only: the users themselves are the tenant's business.
      expect(JSON.stringify(tenants)).not.toContain('@');
    },
  },
  'tenants.create': {
    input: (_f, caller) => ({ slug: `made-by-${caller.toLowerCase()}`, name: `Made by ${caller}` }),
    otherTenant: { expect: 'forbidden', check: () => undefined },
    installation: (_f, r) => expect((r as { tenant: Tenant }).tenant.slug).toBe('made-by-installationadmin'),
  },
  'tenants.disable': {
    input: (f) => ({ slug: f.spareTenant }),
    otherTenant: { expect: 'forbidden', check: () => undefined },
    installation: (_f, r) => expect((r as Tenant).disabledAt).not.toBeNull(),
  },
  'tenants.enable': {
    input: (f) => ({ slug: f.spareTenant }),
    otherTenant: { expect: 'forbidden', check: () => undefined },
    installation: (_f, r) => expect((r as Tenant).disabledAt).toBeNull(),
  },
  'sites.list': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r, caller) => {
        const sites = (r as { sites: Site[] }).sites;
        expect(sites.map((s) => s.id)).not.toContain(f.siteA.id);
        expect(sites.every((s) => s.tenantId === f.outsiders[caller].tenantId)).toBe(true);
      },
    },
  },
  'sites.create': {
    // The other tenant reuses tenant A's slug: slugs are unique per tenant, and A must not notice.
    input: (f, caller) => ({
      name: `Made by ${caller}`,
      slug: isOutsider(caller) ? f.siteA.slug : `by-${caller}`,
    }),
    otherTenant: {
      expect: 'ok',
      check: async (f, r, caller) => {
        inOwnTenant(f, r, caller);
        await siteAUnchanged(f);
      },
    },
  },
  'sites.update': {
    input: (f, caller) => ({ id: f.siteA.id, address: `${caller} was here` }),
    otherTenant: { expect: 'not_found', check: (f) => siteAUnchanged(f) },
  },
  'events.list': {
    input: () => ({ limit: 50 }),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.eventId]) },
  },
  'events.get': {
    input: (f) => ({ id: f.p.eventId }),
    otherTenant: notFound,
  },
  'events.acknowledge': {
    input: (f) => ({ ids: [f.p.eventId] }),
    otherTenant: { expect: 'ok', check: (_f, r) => expect(r).toEqual({ acknowledged: 0 }) },
  },
  'groups.list': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.groupId]) },
  },
  'groups.get': {
    input: (f) => ({ id: f.p.groupId }),
    otherTenant: notFound,
  },
  'groups.similar': {
    input: (f) => ({ id: f.p.groupId }),
    otherTenant: notFound,
  },
  'groups.merge': {
    input: (f, caller) => ({ targetId: mine(f, caller).mergeTarget, sourceIds: [mine(f, caller).mergeSource] }),
    otherTenant: notFound,
  },
  'groups.split': {
    input: (f, caller) => ({ groupId: mine(f, caller).splitGroup, templateId: mine(f, caller).splitTemplate }),
    otherTenant: notFound,
  },
  'groups.splitByPosition': {
    input: (f, caller) => ({
      groupId: mine(f, caller).positionGroup,
      templateId: mine(f, caller).positionTemplate,
      position: mine(f, caller).position,
    }),
    otherTenant: notFound,
  },
  'groups.tag': {
    input: (f) => ({ id: f.p.groupId, add: ['checked'] }),
    otherTenant: notFound,
  },
  'alerts.list': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: noneOf((f) => Object.values(f.p.perCaller).map((c) => c.alertToAck)) },
  },
  'alerts.acknowledge': {
    input: (f, caller) => ({ id: mine(f, caller).alertToAck }),
    otherTenant: notFound,
  },
  'alerts.resolve': {
    input: (f, caller) => ({ id: mine(f, caller).alertToResolve, note: `by ${caller}` }),
    otherTenant: notFound,
  },
  'alertRules.list': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.ruleId]) },
  },
  'alertRules.create': {
    input: (_f, caller) => ({ name: `Rule by ${caller}`, type: 'severity', atLeast: 'error' }),
    otherTenant: { expect: 'ok', check: () => undefined },
  },
  'alertRules.update': {
    input: (f) => ({ id: f.p.ruleId, enabled: true }),
    otherTenant: notFound,
  },
  'alertRules.delete': {
    input: (f, caller) => ({ id: mine(f, caller).ruleToDelete }),
    otherTenant: notFound,
  },
  'sources.list': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.sourceId]) },
  },
  'sources.get': {
    input: (f) => ({ id: f.p.sourceId }),
    otherTenant: notFound,
  },
  'sources.create': {
    input: (_f, caller) => ({ kind: 'webhook', name: `Hook by ${caller}`, config: {} }),
    otherTenant: {
      expect: 'ok',
      check: (f, r) => expect((r as { siteId: string }).siteId).not.toBe(f.p.siteId),
    },
  },
  'sources.update': {
    input: (f) => ({ id: f.p.sourceId, enabled: true }),
    otherTenant: notFound,
  },
  'sources.delete': {
    input: (f, caller) => ({ id: mine(f, caller).sourceToDelete }),
    otherTenant: notFound,
  },
  'sources.test': {
    input: () => ({ kind: 'webhook', config: {} }),
    otherTenant: { expect: 'ok', check: () => undefined },
  },
  'sources.health': {
    input: () => ({}),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.sourceId]) },
  },
  'devices.list': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (_f, r) => expect((r as { items: { device: string }[] }).items.map((i) => i.device)).not.toContain('gate'),
    },
  },
  'devices.setSite': {
    input: (f, caller) => ({ device: `mapped-by-${caller}`, siteId: f.p.siteId }),
    // Another tenant's site is not theirs to send devices to.
    otherTenant: notFound,
  },
  'search.query': {
    input: () => ({ text: 'door forced open', limit: 10 }),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.eventId, f.p.groupId]) },
  },
  ...sitemapCases,
  ...tunnelCases,
  ...mediaCases,
  ...accountCases,
  ...syncCases,
};

const tokens = new Map<Caller, string>();

export async function login(
  f: Pick<Fixtures, 'core' | 'email' | 'tenantSlug'>,
  caller: Exclude<Caller, 'anonymous'>,
): Promise<string> {
  const result = (await f.core.call(
    'auth.login',
    { tenant: f.tenantSlug(caller), email: f.email(caller), password: PASSWORD },
    { transport: 'http', address: ADDRESS },
  )) as LoginResult;
  return result.token;
}

/** A call context for the caller, reusing its session unless `fresh`. */
export async function ctxFor(f: Fixtures, caller: Caller, fresh = false): Promise<CallContext> {
  if (caller === 'anonymous') return { transport: 'http', address: ADDRESS };
  let token = fresh ? undefined : tokens.get(caller);
  if (!token) {
    token = await login(f, caller);
    if (!fresh) tokens.set(caller, token);
  }
  return { transport: 'http', address: ADDRESS, token };
}
