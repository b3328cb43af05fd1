import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { methods, OutpostError, type LoginResult, type Site, type TopicName } from '../contract/index.js';
import { openStore, type AuditEntry } from '../store/index.js';
import { authHandlers, createAuth, createFirstRun, createPasswordLinks } from '../auth/index.js';
import { addUser, createCore, createLogger, loadConfig, type CallContext, type Config, type Core } from './index.js';
import { createDispatcher } from './dispatcher.js';
import { createEventBus } from './event-bus.js';
import { mergeMethodTables } from './method-table.js';

const PASSWORD = 'a long enough password';
const ADDRESS = '198.51.100.20';

let dataDir: string | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

interface Fixture {
  core: Core;
  config: Config;
  logLines: string[];
  as(role: 'viewer' | 'technician' | 'admin'): Promise<CallContext>;
}

async function start(): Promise<Fixture> {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-dispatch-'));
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const c = await createCore({ config, logger: createLogger({ log: { level: 'debug' } }, sink) });
  core = c;
  const tokens = new Map<string, string>();
  return {
    core: c,
    config,
    logLines,
    async as(role) {
      let token = tokens.get(role);
      if (!token) {
        const email = `${role}@example.com`;
        await addUser({ config, email, role, password: PASSWORD });
        token = (
          (await c.call(
            'auth.login',
            { email, password: PASSWORD },
            { transport: 'http', address: ADDRESS },
          )) as LoginResult
        ).token;
        tokens.set(role, token);
      }
      return { transport: 'http', address: ADDRESS, token };
    },
  };
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

async function auditLog(config: Config): Promise<AuditEntry[]> {
  const store = await openStore({ dataDir: config.dataDir, migrate: 'none' });
  try {
    const tenant = store.tenants.ensureDefault();
    // Oldest first; entries of one millisecond keep their creation order (ids are monotonic ULIDs).
    return store.audit.list({ tenantId: tenant.id }).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  } finally {
    store.close();
  }
}

describe('dispatcher', () => {
  it('names an unknown method and where the list is', async () => {
    const { core } = await start();
    const err = await failure(core.call('sites.destroy', {}, { transport: 'http', address: ADDRESS }));
    expect(err.code).toBe('unknown_method');
    expect(err.message).toBe("There is no method 'sites.destroy'. The list is at /docs.");
  });

  it('answers system.health without a session', async () => {
    const { core } = await start();
    const health = await core.call('system.health', {}, { transport: 'http', address: ADDRESS });
    expect(health).toMatchObject({ status: 'ok', embedder: 'hashed-ngram' });
    expect(health).toEqual(core.health());
    expect((health as { sqlite: string }).sqlite).toMatch(/^3\./);
  });

  it('describes the installation in system.info', async () => {
    const { core, as } = await start();
    const info = await core.call('system.info', {}, await as('viewer'));
    expect(info).toMatchObject({
      version: core.version,
      role: 'site',
      node: process.version,
      platform: process.platform,
    });
    expect((info as { schemaVersion: number }).schemaVersion).toBeGreaterThan(0);
  });

  it('rejects bad input naming every failing field, and stores nothing', async () => {
    const { core, config, as } = await start();
    const admin = await as('admin');
    const err = await failure(
      core.call('sites.create', { name: '', slug: 'Not A Slug', timezone: 'Mars/Base' }, admin),
    );
    expect(err.code).toBe('invalid_input');
    expect(err.issues?.map((i) => i.path).sort()).toEqual(['name', 'slug', 'timezone']);
    expect(err.message).toContain('slug: must be lowercase letters, digits and single dashes');
    expect(await core.call('sites.list', {}, admin)).toEqual({ sites: [] });

    const userErr = await failure(
      core.call('users.create', { email: 'not-an-email', role: 'boss', password: 'short', extra: 1 }, admin),
    );
    expect(userErr.code).toBe('invalid_input');
    expect(userErr.issues?.map((i) => i.path).sort()).toEqual(['', 'email', 'password', 'role']);
    const users = (await core.call('users.list', {}, admin)) as { users: { email: string }[] };
    expect(users.users.map((u) => u.email)).toEqual(['admin@example.com']);

    const failed = (await auditLog(config)).filter((e) => e.outcome === 'failed');
    expect(failed.map((e) => e.action)).toEqual(['sites.create', 'users.create']);
    expect(failed.map((e) => e.detail).join('')).not.toContain('short');
  });

  it('publishes live updates to the tenant when sites and users change', async () => {
    const { core, as } = await start();
    const admin = await as('admin');
    const session = await core.authenticate(admin.token);
    const seen: [TopicName, unknown][] = [];
    const stop = core.subscribe(session, ['sites.changed', 'users.changed'], (topic, payload) =>
      seen.push([topic, payload]),
    );
    const site = (await core.call('sites.create', { name: 'North yard', slug: 'north-yard' }, admin)) as Site;
    await core.call('sites.update', { id: site.id, name: 'North Yard' }, admin);
    const user = (await core.call(
      'users.create',
      { email: 'new@example.com', role: 'viewer', password: PASSWORD },
      admin,
    )) as { id: string };
    stop();
    await core.call('sites.update', { id: site.id, address: '1 Quay St' }, admin);
    expect(seen).toEqual([
      ['sites.changed', { siteId: site.id, action: 'created' }],
      ['sites.changed', { siteId: site.id, action: 'updated' }],
      ['users.changed', { userId: user.id, action: 'created' }],
    ]);
  });

  it('audits mutations with who, what, when and from where, without passwords', async () => {
    const { core, config, as } = await start();
    const admin = await as('admin');
    const before = Date.now();
    const site = (await core.call('sites.create', { name: 'North yard', slug: 'north-yard' }, admin)) as Site;
    await core.call(
      'sites.update',
      { id: site.id, timezone: 'Europe/Paris' },
      { ...admin, transport: 'ipc', address: 'ipc' },
    );
    const user = (await core.call(
      'users.create',
      { email: 'Tech@Example.com', name: 'Tess', role: 'technician', password: 'tech password 123' },
      admin,
    )) as { id: string };

    const entries = await auditLog(config);
    const mutations = entries.filter((e) => e.action.startsWith('sites.') || e.action === 'users.create');
    const adminUser = (await core.authenticate(admin.token)).userId;
    expect(mutations.map((e) => [e.action, e.targetId, e.outcome, e.transport, e.address])).toEqual([
      ['sites.create', site.id, 'ok', 'http', ADDRESS],
      ['sites.update', site.id, 'ok', 'ipc', 'ipc'],
      ['users.create', user.id, 'ok', 'http', ADDRESS],
    ]);
    for (const entry of mutations) {
      expect(entry.actorUserId).toBe(adminUser);
      expect(entry.actorEmail).toBe('admin@example.com');
      expect(entry.at).toBeGreaterThanOrEqual(before);
    }
    expect(JSON.parse(mutations[0]!.detail)).toMatchObject({ input: { name: 'North yard', slug: 'north-yard' } });
    expect(JSON.parse(mutations[2]!.detail)).toMatchObject({
      input: { email: 'tech@example.com', role: 'technician' },
    });
    expect(entries.map((e) => e.detail).join('\n')).not.toMatch(/tech password|a long enough password/);
  });

  it('audits denied attempts at mutations, and sign-ins that fail or succeed', async () => {
    const { core, config, as } = await start();
    const viewer = await as('viewer');
    const denied = await failure(core.call('sites.create', { name: 'X', slug: 'xx' }, viewer));
    expect(denied.code).toBe('forbidden');
    expect(denied.message).toBe('Your role (viewer) cannot do sites.create; it needs admin or above. Ask an admin.');
    const anonymous = await failure(
      core.call('sites.create', { name: 'X', slug: 'xx' }, { transport: 'http', address: '192.0.2.9' }),
    );
    expect(anonymous.code).toBe('unauthenticated');
    await failure(
      core.call(
        'auth.login',
        { email: 'viewer@example.com', password: 'guessing 12345' },
        { transport: 'http', address: '192.0.2.10' },
      ),
    );
    await core.call('auth.logout', {}, viewer);

    const entries = await auditLog(config);
    const viewerId = entries.find((e) => e.action === 'auth.login' && e.outcome === 'ok')?.actorUserId;
    expect(viewerId).toBeTruthy();
    expect(entries.map((e) => [e.action, e.outcome, e.actorEmail, e.address])).toEqual([
      ['cli.user.add', 'ok', '', 'cli'],
      ['auth.login', 'ok', 'viewer@example.com', ADDRESS],
      ['sites.create', 'denied', 'viewer@example.com', ADDRESS],
      ['sites.create', 'denied', '', '192.0.2.9'],
      ['auth.login', 'denied', 'viewer@example.com', '192.0.2.10'],
      ['auth.logout', 'ok', 'viewer@example.com', ADDRESS],
    ]);
    expect(JSON.parse(entries[2]!.detail)).toMatchObject({ error: { code: 'forbidden' } });
    expect(entries.map((e) => e.detail).join('\n')).not.toContain('guessing');
  });

  it('turns an unexpected error or a contract-breaking answer into internal; the stack stays in the log', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-dispatch-'));
    const config = loadConfig({ env: {}, overrides: { dataDir } });
    const logLines: string[] = [];
    const logger = createLogger(
      { log: { level: 'info' } },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logLines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const store = await openStore({ dataDir, migrate: 'auto' });
    try {
      const tenant = store.tenants.ensureDefault();
      const auth = createAuth({ store, config, logger });
      const bus = createEventBus(logger);
      // Only the three methods the test calls: the real sign-in, and two handlers that misbehave.
      const contract = pick(methods, ['auth.login', 'auth.me', 'system.info']);
      const table = mergeMethodTables(
        [
          {
            slice: 'auth',
            handlers: {
              'auth.login': authHandlers({
                store,
                auth,
                bus,
                logger,
                now: Date.now,
                tenantLifecycle: { disabled: async () => undefined, enabled: async () => undefined },
                firstRun: createFirstRun({ store, hashPassword: auth.hashPassword, perMinute: 5, now: Date.now }),
                links: createPasswordLinks(store, { invite: 1, reset: 1 }, Date.now),
              })['auth.login'],
            },
          },
          {
            slice: 'broken',
            handlers: {
              'system.info': () => {
                throw new Error('disk on fire at /secret/path');
              },
              'auth.me': () => ({ id: 'not-an-id' }) as never,
            },
          },
        ],
        contract,
      );
      const dispatcher = createDispatcher({
        store,
        auth,
        methods: table,
        logger,
        defaultTenantId: tenant.id,
        role: 'site',
      });
      await addUser({ config, email: 'ann@example.com', role: 'viewer', password: PASSWORD });
      const { token } = (await dispatcher.call(
        'auth.login',
        { email: 'ann@example.com', password: PASSWORD },
        { transport: 'http', address: ADDRESS },
      )) as LoginResult;
      const ctx: CallContext = { transport: 'http', address: ADDRESS, token };

      const thrown = await failure(dispatcher.call('system.info', {}, ctx));
      expect(thrown.code).toBe('internal');
      expect(JSON.stringify(thrown.toBody())).not.toMatch(/disk on fire|secret\/path|at /);
      const logged = logLines.map((l) => JSON.parse(l) as { level: number; err?: { stack?: string } });
      expect(logged.some((l) => l.level === 50 && l.err?.stack?.includes('disk on fire'))).toBe(true);

      const malformed = await failure(dispatcher.call('auth.me', {}, ctx));
      expect(malformed.code).toBe('internal');
      expect(logLines.join('')).toContain('breaks the contract');
    } finally {
      store.close();
    }
  });
});

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}
