import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  METHOD_NAMES,
  OutpostError,
  ROLES,
  mayCall,
  methods,
  type ErrorCode,
  type MethodName,
  type Role,
  type Site,
  type User,
} from '../contract/index.js';
import { toUser } from '../auth/index.js';
import { runCli } from '../cli/index.js';
import { openStore } from '../store/index.js';
import {
  ADDRESS,
  CALLERS,
  PASSWORD,
  cases,
  ctxFor,
  isOutsider,
  login,
  type Caller,
  type Fixtures,
} from './test-support/rbac-matrix-cases.js';
import { seedPipeline, type PipelineFixtures } from './test-support/rbac-pipeline-fixtures.js';
import { seedSitemap } from './test-support/rbac-sitemap-fixtures.js';
import { MATRIX_TUNNEL_NETNS, seedTunnels } from './test-support/rbac-tunnel-cases.js';
import { seedAccounts } from './test-support/rbac-home-cases.js';
import { seedSync, type SyncFixtures } from './test-support/rbac-sync-cases.js';
import { createCore, createLogger, loadConfig } from './index.js';

/**
 * Every method × every caller, on an installation set up through the command line with tenants
 * A (`alpha`) and B (`beta`). A method added to the contract without a row in
 * test-support/rbac-matrix-cases.ts fails this test, so nobody ships a method whose access rule
 * was never exercised; every tenant-scoped method must hide A from B's admin and from the
 * installation admin, and tenants.* must refuse everyone but the installation admin.
 */

let fixtures: Fixtures;
let dataDir: string;

function expectedFor(method: MethodName, caller: Caller): 'ok' | ErrorCode {
  const access = methods[method].access;
  if (access === 'public') return cases[method].publicOutcome ?? 'ok';
  if (caller === 'anonymous') return 'unauthenticated';
  if (access === 'installation') return caller === 'installationAdmin' ? 'ok' : 'forbidden';
  if (isOutsider(caller)) return cases[method].otherTenant.expect;
  if (!mayCall(access, { role: caller, installationAdmin: false })) return 'forbidden';
  // The matrix's Core runs as a site: the hub's methods name the role they need.
  return methods[method].serves === 'hub' ? 'conflict' : 'ok';
}

/** `outpost …` in this process: the command line's own parsing, store and audit, with stdin given. */
async function outpost(args: string[], stdin = ''): Promise<string> {
  let out = '';
  const code = await runCli(['node', 'outpost', ...args, '--data-dir', dataDir], {
    stdin: Readable.from([stdin]),
    stdout: (text) => void (out += text),
  });
  expect(code, `outpost ${args.join(' ')}`).toBe(0);
  return out;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-rbac-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, tunnels: { netns: MATRIX_TUNNEL_NETNS } } });
  // Everything through the command line, as an operator sets up a multi-tenant installation: the
  // installation's first admin (in `default`), then tenants A and B, each with its own users.
  const user = async (tenant: string, email: string, role: Role): Promise<User> => {
    await outpost(
      ['user', 'add', '--tenant', tenant, '--email', email, '--role', role, '--password-stdin'],
      `${PASSWORD}\n`,
    );
    const store = await openStore({ dataDir });
    try {
      const id = store.tenants.getBySlug(tenant)!.id;
      return toUser(store.users.list({ tenantId: id }).find((u) => u.email === email)!);
    } finally {
      store.close();
    }
  };
  const installationAdmin = await user('default', 'root@install.example', 'admin');
  expect(installationAdmin.installationAdmin).toBe(true);
  for (const [slug, name] of [
    ['alpha', 'Alpha'],
    ['beta', 'Beta'],
    ['spare', 'Spare'],
  ]) {
    expect(await outpost(['tenant', 'add', '--slug', slug!, '--name', name!])).toMatch(`Created tenant ${slug}`);
  }
  const email = (caller: Caller) =>
    caller === 'otherAdmin'
      ? 'admin@beta.example'
      : caller === 'installationAdmin'
        ? installationAdmin.email
        : `${caller}@alpha.example`;
  const tenantSlug = (caller: Caller) =>
    caller === 'otherAdmin' ? 'beta' : caller === 'installationAdmin' ? 'default' : 'alpha';
  const usersA = {} as Record<Role, User>;
  for (const role of ROLES) usersA[role] = await user('alpha', email(role), role);
  // Tenant B's admin has the same email as A's viewer: another tenant, another account.
  const adminB = await user('beta', email('otherAdmin'), 'admin');
  expect(adminB.installationAdmin).toBe(false);
  expect(usersA.admin.installationAdmin).toBe(false);
  const listed = await outpost(['tenant', 'list']);
  expect(listed).toMatch(/^alpha\tAlpha\t4 users\tenabled$/m);
  expect(listed).toMatch(/^beta\tBeta\t1 user\tenabled$/m);

  const tenantA = usersA.admin.tenantId;
  const store = await openStore({ dataDir, migrate: 'auto' });
  let p: PipelineFixtures;
  let s: SyncFixtures;
  try {
    p = seedPipeline(store, tenantA, CALLERS);
    s = seedSync(store, tenantA, CALLERS);
  } finally {
    store.close();
  }
  const core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
  const partial = { core, email, tenantSlug };
  const adminToken = await login(partial, 'admin');
  const siteA = (await core.call(
    'sites.create',
    { name: 'Alpha yard', slug: 'alpha-yard' },
    { transport: 'http', address: ADDRESS, token: adminToken },
  )) as Site;
  const map = await seedSitemap(core, { transport: 'http', address: ADDRESS, token: adminToken }, siteA.id);
  const t = await seedTunnels(core, { transport: 'http', address: ADDRESS, token: adminToken });
  const accounts = await seedAccounts(core, { transport: 'http', address: ADDRESS, token: adminToken });
  fixtures = {
    core,
    config,
    tenantA,
    siteA,
    usersA,
    outsiders: { otherAdmin: adminB, installationAdmin },
    email,
    tenantSlug,
    spareTenant: 'spare',
    p,
    map,
    t: { ...t, adminToken },
    accounts,
    s,
  };
  expect(siteA.tenantId).toBe(tenantA);
});

afterAll(async () => {
  await fixtures?.core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('RBAC matrix', () => {
  it('has a rule for every method of the contract, and no others', () => {
    expect(Object.keys(cases).sort()).toEqual([...METHOD_NAMES].sort());
  });

  describe.each(METHOD_NAMES.map((m) => [m] as const))('%s', (method) => {
    it.each(CALLERS.map((c) => [c] as const))('as %s', async (caller) => {
      const rule = cases[method];
      expect(rule, `no matrix rule for ${method}`).toBeDefined();
      const f = fixtures;
      const expected = expectedFor(method, caller);
      const ctx = await ctxFor(f, caller, rule.ownSession === true);
      let outcome: 'ok' | ErrorCode;
      let result: unknown;
      try {
        result = await f.core.call(method, rule.input(f, caller), ctx);
        outcome = 'ok';
      } catch (err) {
        if (!(err instanceof OutpostError)) throw err;
        outcome = err.code;
        if (outcome === 'invalid_input')
          throw new Error(`The sample input of ${method} is invalid: ${err.message}`, { cause: err });
      }
      expect(outcome).toBe(expected);
      if (outcome !== 'ok') return;
      if (methods[method].access === 'installation') await rule.installation?.(f, result);
      else if (isOutsider(caller)) await rule.otherTenant.check(f, result, caller);
    });
  });
});
