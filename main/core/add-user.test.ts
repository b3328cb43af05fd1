import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { openStore } from '../store/index.js';
import { addUser, createCore, createLogger, loadConfig, type Config } from './index.js';

const PASSWORD = 'first admin password';

async function failure(promise: Promise<unknown>): Promise<OutpostError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('addUser (outpost user add)', () => {
  let dataDir: string;
  let config: Config;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-adduser-'));
    config = loadConfig({ env: {}, overrides: { dataDir } });
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the first admin in the default tenant, who can then sign in', async () => {
    const user = await addUser({
      config,
      email: ' Boss@Example.com ',
      role: 'admin',
      password: PASSWORD,
      name: 'Boss',
    });
    expect(user).toMatchObject({ email: 'boss@example.com', role: 'admin', name: 'Boss' });
    expect(user).not.toHaveProperty('passwordHash');

    const core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
    try {
      const login = await core.call(
        'auth.login',
        { email: 'boss@example.com', password: PASSWORD },
        { transport: 'cli', address: 'cli' },
      );
      expect(login).toMatchObject({ user });
    } finally {
      await core.close();
    }

    const store = await openStore({ dataDir, migrate: 'none' });
    try {
      const tenant = store.tenants.ensureDefault();
      expect(user.tenantId).toBe(tenant.id);
      const [entry] = store.audit.list({ tenantId: tenant.id }).filter((e) => e.action === 'cli.user.add');
      expect(entry).toMatchObject({ targetId: user.id, outcome: 'ok', transport: 'cli', address: 'cli' });
      expect(entry!.detail).not.toContain(PASSWORD);
      expect(JSON.parse(entry!.detail)).toMatchObject({ input: { email: 'boss@example.com', role: 'admin' } });
    } finally {
      store.close();
    }
  });

  it('applies the same rules as users.create, naming every bad field', async () => {
    const err = await failure(addUser({ config, email: 'nope', role: 'admin', password: 'short' }));
    expect(err.code).toBe('invalid_input');
    expect(err.issues?.map((i) => i.path).sort()).toEqual(['email', 'password']);
    await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
    expect((await failure(addUser({ config, email: 'ANN@example.com', role: 'admin', password: PASSWORD }))).code).toBe(
      'conflict',
    );
  });

  it('puts the user in the named tenant, and names the known tenants when the slug is wrong', async () => {
    const store = await openStore({ dataDir, migrate: 'auto' });
    const other = store.tenants.create({ slug: 'north', name: 'North' });
    store.close();
    const user = await addUser({
      config,
      email: 'n@example.com',
      role: 'technician',
      password: PASSWORD,
      tenantSlug: 'north',
    });
    expect(user.tenantId).toBe(other.id);
    const err = await failure(
      addUser({ config, email: 'x@example.com', role: 'viewer', password: PASSWORD, tenantSlug: 'south' }),
    );
    expect(err.code).toBe('not_found');
    expect(err.message).toBe("There is no tenant 'south'. Known tenants: north.");
  });
});
