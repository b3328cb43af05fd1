import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoginResult, Tenant } from '../contract/index.js';
import { addUser, createCore, createLogger, loadConfig, type CallContext, type Core } from '../core/index.js';
import { ingestOf } from '../pipeline/test-support/index.js';

const PASSWORD = 'tenant admin password 1';
const http = (token?: string): CallContext => ({ transport: 'http', address: '192.0.2.1', token });

let dataDir: string | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('tenants.* (installation admins)', () => {
  it('creates a tenant with its first admin, disables it (sessions end, sources stop, webhooks refused) and enables it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-tenants-api-'));
    const config = loadConfig({ env: {}, overrides: { dataDir } });
    const root = await addUser({ config, email: 'root@example.com', role: 'admin', password: PASSWORD });
    expect(root.installationAdmin).toBe(true);
    core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
    const c = core;
    const signIn = async (tenant: string, email: string) =>
      ((await c.call('auth.login', { tenant, email, password: PASSWORD }, http())) as LoginResult).token;
    const rootToken = await signIn('default', 'root@example.com');

    const created = (await c.call(
      'tenants.create',
      { slug: 'acme', name: 'Acme', admin: { email: 'boss@acme.example', password: PASSWORD } },
      http(rootToken),
    )) as { tenant: Tenant; admin: { installationAdmin: boolean; role: string } };
    expect(created.tenant).toMatchObject({ slug: 'acme', users: 1, disabledAt: null });
    expect(created.admin).toMatchObject({ role: 'admin', installationAdmin: false });
    const acmeToken = await signIn('acme', 'boss@acme.example');
    await expect(c.call('tenants.list', {}, http(acmeToken))).rejects.toMatchObject({ code: 'forbidden' });
    const hook = (await c.call('sources.create', { kind: 'webhook', name: 'Gate', config: {} }, http(acmeToken))) as {
      id: string;
      token: string;
    };

    // An installation admin cannot disable the tenant they are signed in to.
    await expect(c.call('tenants.disable', { slug: 'default' }, http(rootToken))).rejects.toMatchObject({
      code: 'conflict',
    });

    const disabled = (await c.call('tenants.disable', { slug: 'acme' }, http(rootToken))) as Tenant;
    expect(disabled.disabledAt).not.toBeNull();
    await expect(c.call('auth.me', {}, http(acmeToken))).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(signIn('acme', 'boss@acme.example')).rejects.toThrow(/organisation 'acme' is disabled/);
    expect(() => ingestOf(c).authorize(hook.id, hook.token)).toThrow(/organisation .* is disabled/);

    await c.call('tenants.enable', { slug: 'acme' }, http(rootToken));
    const again = await signIn('acme', 'boss@acme.example');
    const health = (await c.call('sources.get', { id: hook.id }, http(again))) as { health: { state: string } };
    expect(health.health.state).not.toBe('stopped');
    expect(ingestOf(c).authorize(hook.id, hook.token).sourceId).toBe(hook.id);
    const { tenants } = (await c.call('tenants.list', {}, http(rootToken))) as { tenants: Tenant[] };
    expect(tenants.map((t) => [t.slug, t.users, t.disabledAt])).toEqual([
      ['acme', 1, null],
      ['default', 1, null],
    ]);
  });
});
