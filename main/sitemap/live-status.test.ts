import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutpostError,
  SECRET_MASK,
  type Entity,
  type EntityDetail,
  type Integration,
  type LoginResult,
  type SiteStatus,
} from '../contract/index.js';
import { json, startStatusUpstream, type StatusUpstream } from './test-support/status-upstream.js';
import { openStore } from '../store/index.js';
import { eventRow } from '../store/test-support/index.js';
import { addUser, createCore, createLogger, loadConfig, type CallContext, type Core } from '../core/index.js';

/**
 * integrations.* and the live-status sitemap methods through a real Core on a temp folder, against
 * a real HTTP status API on loopback. The auth header's value must never come back, nor reach a log.
 */

const PASSWORD = 'live status password 1';
const SECRET = 'Bearer live-secret-4711';
const SNAPSHOT = { kind: 'snapshot' as const, sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 1234 };

let dataDir: string;
let core: Core | undefined;
let upstream: StatusUpstream;
let tech: CallContext;
let admin: CallContext;
let otherAdmin: CallContext;
let siteId: string;
let otherSiteId: string;
const logLines: string[] = [];
const pushed: SiteStatus[] = [];

async function signIn(c: Core, email: string, tenant = 'default'): Promise<CallContext> {
  const login = (await c.call(
    'auth.login',
    { tenant, email, password: PASSWORD },
    { transport: 'http', address: '::1' },
  )) as LoginResult;
  return { transport: 'http', address: '::1', token: login.token };
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

const external = (extra: Record<string, unknown> = {}) => ({
  url: upstream.url,
  authHeader: { name: 'Authorization', value: SECRET },
  listPath: '$.data',
  idField: 'id',
  statusField: 'state',
  ...extra,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-live-status-'));
  upstream = await startStatusUpstream();
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      log: { level: 'info' },
      sitemap: { statusCacheSeconds: 0.2 },
      // The upstream listens on loopback, which the outbound guard refuses unless an admin allows it.
      outbound: { allow: ['127.0.0.0/8'] },
    },
  });
  const store = await openStore({ dataDir, migrate: 'auto' });
  try {
    const tenantId = store.tenants.ensureDefault().id;
    const scope = { tenantId, siteId: store.sites.ensureDefault({ tenantId }).id };
    siteId = scope.siteId;
    const other = store.tenants.create({ slug: 'other', name: 'Other' }).id;
    otherSiteId = store.sites.ensureDefault({ tenantId: other }).id;
    const source = store.sources.create(scope, { kind: 'webhook', name: 'cams', config: {}, enabled: false });
    const group = store.groups.create(scope, { key: 'g', template: 'person at <*>' });
    const ids = { sourceId: source.id, groupId: group.group.id, templateId: group.template.templateId };
    const now = Date.now();
    store.events.insertBatch(scope, [
      eventRow({ ...ids, device: 'cam-yard', kind: 'detection', time: now - 5_000, media: [SNAPSHOT] }),
      ...Array.from({ length: 12 }, (_, i) =>
        eventRow({ ...ids, device: 'cam-yard', kind: 'detection', time: now - i }),
      ),
      eventRow({ ...ids, device: 'door-north', kind: 'device', time: now, attributes: { zones: ['North gate'] } }),
      // The camera's latest event is a log (say, "lost signal"): it is still a camera.
      eventRow({ ...ids, device: 'cam-yard', kind: 'log', time: now + 1 }),
    ]);
    const rule = store.alertRules.create(scope, {
      name: 'r',
      type: 'new-group',
      severity: 'warning',
      enabled: true,
      siteId: null,
    });
    store.alerts.openOrTouch(scope, {
      ruleId: rule.id,
      dedupeKey: 'forced',
      title: 'Door forced',
      detail: '',
      severity: 'critical',
      device: 'door-north',
    });
  } finally {
    store.close();
  }
  await addUser({ config, email: 'tech@a.example', role: 'technician', password: PASSWORD });
  await addUser({ config, email: 'admin@a.example', role: 'admin', password: PASSWORD });
  await addUser({ config, email: 'admin@b.example', role: 'admin', password: PASSWORD, tenantSlug: 'other' });
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  core = await createCore({ config, logger: createLogger(config, logs) });
  tech = await signIn(core, 'tech@a.example');
  admin = await signIn(core, 'admin@a.example');
  otherAdmin = await signIn(core, 'admin@b.example', 'other');
  const session = await core.authenticate(tech.token);
  core.subscribe(session, ['sitemap.status'], (_topic, payload) => pushed.push(payload as SiteStatus));
});

afterAll(async () => {
  await core?.close();
  await upstream?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const call = <T>(method: string, input: unknown, ctx = tech) => core!.call(method, input, ctx) as Promise<T>;

describe('live status through the Core', () => {
  it('starts internal: devices by health and open alerts, pushed to subscribers', async () => {
    const integration = await call<Integration>('integrations.get', { siteId });
    expect(integration).toMatchObject({ kind: 'internal', external: null, offlineAfterMinutes: 10, updatedAt: null });
    const status = await call<SiteStatus>('sitemap.status', { siteId });
    expect(status).toMatchObject({
      integration: 'internal',
      items: [
        { id: 'cam-yard', raw: 'ok', status: 'ok' },
        { id: 'door-north', raw: 'alarm', status: 'alarm' },
      ],
      stale: false,
      error: null,
    });
    expect(pushed.at(-1)).toEqual(status);
  });

  it('lists entities by name and type, and drills down into one', async () => {
    const all = (await call<{ entities: Entity[] }>('sitemap.entities', { siteId })).entities;
    expect(all.map((e) => [e.type, e.id])).toEqual([
      ['camera', 'cam-yard'],
      ['device', 'door-north'],
      ['zone', 'North gate'],
    ]);
    const north = await call<{ entities: Entity[] }>('sitemap.entities', { siteId, query: 'NORTH' });
    expect(north.entities.map((e) => e.id)).toEqual(['door-north', 'North gate']);
    const cameras = await call<{ entities: Entity[] }>('sitemap.entities', { siteId, type: 'camera' });
    expect(cameras.entities.map((e) => e.id)).toEqual(['cam-yard']);

    const door = await call<EntityDetail>('sitemap.entity', { siteId, type: 'device', id: 'door-north' });
    expect(door.status).toEqual({ id: 'door-north', raw: 'alarm', status: 'alarm' });
    expect(door.recentEvents).toHaveLength(1);
    expect(door.openAlerts.map((a) => a.title)).toEqual(['Door forced']);
    expect(door.lastSnapshot).toBeNull();

    // The snapshot is older than the ten most recent events: found by looking further back.
    const cam = await call<EntityDetail>('sitemap.entity', { siteId, type: 'camera', id: 'cam-yard' });
    expect(cam.recentEvents).toHaveLength(10);
    expect(cam.lastSnapshot).toMatchObject({ media: SNAPSHOT });
    expect(cam.openAlerts).toEqual([]);

    const zone = await call<EntityDetail>('sitemap.entity', { siteId, type: 'zone', id: 'North gate' });
    expect(zone).toMatchObject({ status: null, recentEvents: [], lastSnapshot: null, openAlerts: [] });
  });

  it('tests an external API once, without saving, and lists what does not map', async () => {
    upstream.answer(json({ data: [{ id: 'd1', state: 'OK' }, { id: 'd2', state: 'JAMMED' }, { state: 'x' }] }));
    const before = upstream.requests.length;
    const result = await call<{ items: number; sample: unknown[]; unmapped: string[]; problems: string[] }>(
      'integrations.test',
      { siteId, kind: 'external', external: external() },
    );
    expect(result).toMatchObject({
      items: 2,
      sample: [
        { id: 'd1', raw: 'OK', status: 'ok' },
        { id: 'd2', raw: 'JAMMED', status: 'unknown' },
      ],
      unmapped: ['JAMMED'],
      problems: [expect.stringMatching(/1 item skipped, no id at "id"/)],
    });
    expect(upstream.requests.length).toBe(before + 1);
    expect((await call<Integration>('integrations.get', { siteId })).kind).toBe('internal');

    upstream.answer(json({ error: 'down' }, 500));
    const input = { siteId, kind: 'external', external: external({ timeoutMs: 300 }) };
    const err = await failure(call('integrations.test', input, admin));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/answered HTTP 500/);
    // One direct ask: no retries behind the user's back.
    expect(upstream.requests.length).toBe(before + 2);
    // A technician is not told what the port did (no port scanning through the form); the log has it.
    const told = await failure(call('integrations.test', input));
    expect(told.code).toBe('unavailable');
    expect(told.message).toMatch(/gave no usable answer.*an admin sees the exact reason/);
    expect(told.message).not.toMatch(/HTTP|500/);
  });

  it('sets an external integration: the secret is masked, kept when the mask comes back, and sent upstream', async () => {
    upstream.answer(json({ data: [{ id: 'gate-1', state: 'FORCED' }] }));
    const statusMapping = { rules: [{ match: 'FORCED', status: 'alarm' }], custom: [] };
    const set = await call<Integration>('integrations.set', {
      siteId,
      kind: 'external',
      external: external(),
      statusMapping,
    });
    expect(set.external?.authHeader).toEqual({ name: 'Authorization', value: SECRET_MASK });
    expect(JSON.stringify(await call('integrations.get', { siteId }))).not.toContain('live-secret');

    const status = await call<SiteStatus>('sitemap.status', { siteId });
    expect(status).toMatchObject({
      integration: 'external',
      items: [{ id: 'gate-1', raw: 'FORCED', status: 'alarm' }],
    });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(SECRET);

    // The mask sent back keeps the stored value.
    upstream.answer(json({ data: [{ id: 'gate-1', state: 'OK' }] }));
    const kept = external({ authHeader: { name: 'Authorization', value: SECRET_MASK }, timeoutMs: 2_000 });
    await call('integrations.set', { siteId, kind: 'external', external: kept, statusMapping });
    const after = await call<SiteStatus>('sitemap.status', { siteId });
    expect(after.items).toEqual([{ id: 'gate-1', raw: 'OK', status: 'ok' }]);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(SECRET);
    await expect.poll(() => pushed.at(-1)?.items[0]?.status).toBe('ok');

    // …but never to another host.
    const moved = external({
      url: 'http://localhost:9/elsewhere',
      authHeader: { name: 'Authorization', value: SECRET_MASK },
    });
    const refused = await failure(call('integrations.set', { siteId, kind: 'external', external: moved }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.issues?.[0]?.path).toBe('external.authHeader.value');
  });

  it("answers not_found for another tenant's site", async () => {
    for (const [method, input] of [
      ['integrations.get', { siteId }],
      ['integrations.set', { siteId, kind: 'internal' }],
      ['integrations.test', { siteId, kind: 'external', external: external() }],
      ['sitemap.status', { siteId }],
      ['sitemap.entities', { siteId }],
      ['sitemap.entity', { siteId, type: 'device', id: 'door-north' }],
    ] as const) {
      expect((await failure(call(method, input, otherAdmin))).code, method).toBe('not_found');
    }
    // The other tenant's own site works, with nothing of tenant A in it.
    expect((await call<SiteStatus>('sitemap.status', { siteId: otherSiteId }, otherAdmin)).items).toEqual([]);
  });

  it('keeps the secret out of the logs and the audit trail', async () => {
    await core!.close();
    core = undefined;
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain('live-secret');
    const store = await openStore({ dataDir });
    try {
      const tenantId = store.tenants.ensureDefault().id;
      const audit = store.audit.list({ tenantId }, { limit: 100 });
      expect(audit.some((a) => a.action === 'integrations.set')).toBe(true);
      expect(JSON.stringify(audit)).not.toContain('live-secret');
    } finally {
      store.close();
    }
  });
});
