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
import { PNG_BASE64, type SitemapFixtures } from './rbac-sitemap-fixtures.js';
import { tunnelCases, type TunnelFixtures } from './rbac-tunnel-cases.js';
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
}

async function siteAUnchanged(f: Fixtures): Promise<void> {
  const { sites } = (await f.core.call('sites.list', {}, await ctxFor(f, 'admin'))) as { sites: Site[] };
  expect(sites.find((s) => s.id === f.siteA.id)).toMatchObject({ name: f.siteA.name, slug: f.siteA.slug });
}

/** The other tenant's attempts left no overlay, import or base map of theirs on tenant A's draft. */
async function mapUntouched(f: Fixtures): Promise<void> {
  const draft = (await f.core.call('sitemap.get', { siteId: f.map.siteId }, await ctxFor(f, 'admin'))) as {
    overlays: { externalId: string }[];
    basemap: { fileName: string } | null;
  };
  const ids = draft.overlays.map((o) => o.externalId);
  for (const outsider of ['otherAdmin', 'installationAdmin']) {
    expect(ids).not.toContain(`by-${outsider}`);
    expect(ids).not.toContain(`imported-by-${outsider}`);
    expect(draft.basemap?.fileName).not.toBe(`by-${outsider}.png`);
  }
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
  'users.list': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r, caller) => {
        const users = (r as { users: User[] }).users;
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
      email: isOutsider(caller) ? f.usersA.viewer.email : `created-by-${caller}@example.com`,
      role: 'viewer',
      password: PASSWORD,
    }),
    otherTenant: {
      expect: 'ok',
      check: async (f, r, caller) => {
        inOwnTenant(f, r, caller);
        const { users } = (await f.core.call('users.list', {}, await ctxFor(f, 'admin'))) as { users: User[] };
        expect(users.map((u) => u.id)).not.toContain((r as User).id);
        expect(users.find((u) => u.email === f.usersA.viewer.email)).toEqual(f.usersA.viewer);
      },
    },
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
  'search.query': {
    input: () => ({ text: 'door forced open', limit: 10 }),
    otherTenant: { expect: 'ok', check: noneOf((f) => [f.p.eventId, f.p.groupId]) },
  },
  // Site map and releases: another tenant's site is not_found, and nothing of it changes.
  'sitemap.get': { input: (f) => ({ siteId: f.map.siteId }), otherTenant: notFound },
  'sitemap.uploadAsset': {
    input: (f, caller) => ({
      siteId: f.map.siteId,
      kind: 'basemap',
      fileName: `by-${caller}.png`,
      contentBase64: PNG_BASE64,
    }),
    otherTenant: { expect: 'not_found', check: (f) => mapUntouched(f) },
  },
  'sitemap.assetContent': { input: (f) => ({ siteId: f.map.siteId, assetId: f.map.assetId }), otherTenant: notFound },
  'sitemap.saveOverlays': {
    input: (f, caller) => ({
      siteId: f.map.siteId,
      upserts: [{ externalId: `by-${caller}`, shapeId: null, label: `By ${caller}`, binding: null }],
      deletes: [],
    }),
    otherTenant: { expect: 'not_found', check: (f) => mapUntouched(f) },
  },
  'sitemap.importOverlays': {
    input: (f, caller) => ({
      siteId: f.map.siteId,
      format: 'csv',
      content: `externalId,label\nimported-by-${caller},Imported\n`,
      dryRun: !isOutsider(caller),
    }),
    otherTenant: { expect: 'not_found', check: (f) => mapUntouched(f) },
  },
  'sitemap.clear': {
    // Only the base map: the overlays stay, so the draft can still be published below.
    input: (f) => ({ siteId: f.map.siteId, what: 'basemap' }),
    otherTenant: notFound,
  },
  'releases.publish': {
    input: (f, caller) => ({ siteId: f.map.siteId, env: 'staging', note: `by ${caller}` }),
    otherTenant: {
      expect: 'not_found',
      check: async (f) => {
        const admin = await ctxFor(f, 'admin');
        const listed = (await f.core.call('releases.list', { siteId: f.map.siteId }, admin)) as {
          releases: { note: string }[];
        };
        expect(listed.releases.map((r) => r.note)).not.toContain('by otherAdmin');
        expect(listed.releases.map((r) => r.note)).not.toContain('by installationAdmin');
      },
    },
  },
  'releases.list': { input: (f) => ({ siteId: f.map.siteId }), otherTenant: notFound },
  'releases.get': { input: (f) => ({ siteId: f.map.siteId, version: 1 }), otherTenant: notFound },
  'releases.rollback': {
    input: (f) => ({ siteId: f.map.siteId, env: 'production', version: 1 }),
    otherTenant: notFound,
  },
  'releases.diff': { input: (f) => ({ siteId: f.map.siteId, from: 1, to: 2 }), otherTenant: notFound },
  // Live map status: another tenant's site is not_found, never an empty answer.
  'integrations.get': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'integrations.set': { input: (f) => ({ siteId: f.p.siteId, kind: 'internal' }), otherTenant: notFound },
  'integrations.test': { input: (f) => ({ siteId: f.p.siteId, kind: 'internal' }), otherTenant: notFound },
  'sitemap.status': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'sitemap.entities': { input: (f) => ({ siteId: f.p.siteId, query: 'gate' }), otherTenant: notFound },
  'sitemap.entity': { input: (f) => ({ siteId: f.p.siteId, type: 'device', id: 'gate' }), otherTenant: notFound },
  ...tunnelCases,
  ...syncCases,
  // Media and the archive: another tenant's files, events and sites are not_found.
  'media.get': { input: (f) => ({ id: f.p.mediaId }), otherTenant: notFound },
  'media.protect': {
    input: (f) => ({ eventId: f.p.mediaEventId, keep: true, note: 'evidence' }),
    otherTenant: notFound,
  },
  'media.export': { input: (f) => ({ eventId: f.p.mediaEventId }), otherTenant: notFound },
  'media.usage': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r) =>
        expect((r as { sites: { siteId: string }[] }).sites.map((s) => s.siteId)).not.toContain(f.p.siteId),
    },
  },
  'media.retention': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'media.setRetention': {
    input: (f) => ({ siteId: f.p.siteId, rules: [{ maxAgeDays: 3650 }] }),
    otherTenant: notFound,
  },
  'media.reconcile': {
    input: () => ({ confirm: false }),
    otherTenant: { expect: 'ok', check: (_f, r) => expect((r as { rowsMarked: number }).rowsMarked).toBe(0) },
  },
  'archive.configure': {
    input: (f) => ({
      siteId: f.p.siteId,
      endpoint: 'http://127.0.0.1:9',
      bucket: 'matrix-bucket',
      accessKeyId: 'matrix',
      secretAccessKey: 'matrix-secret',
      enabled: false,
    }),
    otherTenant: notFound,
  },
  'archive.test': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.run': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.status': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.restore': { input: (f) => ({ mediaId: f.p.mediaId }), otherTenant: notFound },
  'archive.exportKey': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.importKey': {
    input: (f) => ({ siteId: f.p.siteId, key: Buffer.alloc(32, 7).toString('base64') }),
    otherTenant: notFound,
  },
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
