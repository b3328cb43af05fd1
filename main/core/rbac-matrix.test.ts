import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  METHOD_NAMES,
  OutpostError,
  ROLES,
  methods,
  roleAtLeast,
  type ErrorCode,
  type MethodName,
  type Role,
  type Site,
  type User,
} from '../contract/index.js';
import { openStore } from '../store/index.js';
import {
  ADDRESS,
  CALLERS,
  PASSWORD,
  cases,
  ctxFor,
  login,
  type Caller,
  type Fixtures,
} from './test-support/rbac-matrix-cases.js';
import { seedPipeline, type PipelineFixtures } from './test-support/rbac-pipeline-fixtures.js';
import { seedSitemap } from './test-support/rbac-sitemap-fixtures.js';
import { MATRIX_TUNNEL_NETNS, seedTunnels } from './test-support/rbac-tunnel-cases.js';
import { addUser, createCore, createLogger, loadConfig } from './index.js';

/**
 * Every method × every caller. A method added to the contract without a row in
 * test-support/rbac-matrix-cases.ts fails this test, so nobody ships a method whose access rule
 * was never exercised.
 */

let fixtures: Fixtures;
let dataDir: string;

function expectedFor(method: MethodName, caller: Caller): 'ok' | ErrorCode {
  const access = methods[method].access;
  if (caller === 'otherAdmin') return cases[method].otherTenant.expect;
  if (access === 'public') return 'ok';
  if (caller === 'anonymous') return 'unauthenticated';
  return roleAtLeast(caller, access) ? 'ok' : 'forbidden';
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-rbac-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, tunnels: { netns: MATRIX_TUNNEL_NETNS } } });
  const store = await openStore({ dataDir, migrate: 'auto' });
  let tenantA: string;
  let tenantB: string;
  let p: PipelineFixtures;
  try {
    tenantA = store.tenants.ensureDefault().id;
    tenantB = store.tenants.create({ slug: 'other', name: 'Other tenant' }).id;
    p = seedPipeline(store, tenantA, CALLERS);
  } finally {
    store.close();
  }
  const email = (caller: Caller) => (caller === 'otherAdmin' ? 'admin@other.example' : `${caller}@a.example`);
  const usersA = {} as Record<Role, User>;
  for (const role of ROLES) usersA[role] = await addUser({ config, email: email(role), role, password: PASSWORD });
  const adminB = await addUser({
    config,
    email: email('otherAdmin'),
    role: 'admin',
    password: PASSWORD,
    tenantSlug: 'other',
  });
  const core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
  const partial = { core, email };
  const adminToken = await login(partial, 'admin');
  const siteA = (await core.call(
    'sites.create',
    { name: 'Alpha yard', slug: 'alpha-yard' },
    { transport: 'http', address: ADDRESS, token: adminToken },
  )) as Site;
  const map = await seedSitemap(core, { transport: 'http', address: ADDRESS, token: adminToken }, siteA.id);
  const t = await seedTunnels(core, { transport: 'http', address: ADDRESS, token: adminToken });
  fixtures = { core, config, tenantA, tenantB, siteA, usersA, adminB, email, p, map, t: { ...t, adminToken } };
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
      if (caller === 'otherAdmin') await rule.otherTenant.check(f, result);
    });
  });
});
