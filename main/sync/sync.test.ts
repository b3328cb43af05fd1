import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../core/index.js';
import { openStore } from '../store/index.js';
import { ADMIN_PASSWORD, startInstallation, startRelay, type Installation, type Relay } from './test-support/index.js';

/*
 * Sync end to end: a hub and a site, each a real Core with its own SQLite files and its own
 * server on loopback, the site reaching the hub through a relay the tests cut and heal.
 */

const LIMIT = 65_536;

let hub: Installation;
let site: Installation;
let relay: Relay;
let sourceId = '';
let sourceToken = '';
let hubSiteId = '';
/** Moves the hub's clock (code expiry). */
let hubShift = 0;

async function post(events: object[]): Promise<void> {
  const response = await fetch(`${site.url}/api/ingest/${sourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sourceToken}` },
    body: JSON.stringify(events),
  });
  expect(response.status).toBe(202);
}

/** Every event of a site (through `events.list` pages), oldest first. */
async function allEvents(on: Installation, siteId?: string): Promise<{ message: string; time: number }[]> {
  const out: { message: string; time: number }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await on.rpc('events.list', {
      limit: 500,
      ...(siteId ? { siteId } : {}),
      ...(cursor ? { cursor } : {}),
    });
    expect(page.status).toBe(200);
    out.push(...(page.body.items as { message: string; time: number }[]));
    if (!page.body.nextCursor) break;
    cursor = page.body.nextCursor as string;
  }
  return out.reverse();
}

async function until<T>(what: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function code(siteName: string, ttlMinutes?: number): Promise<string> {
  const made = await hub.rpc('sync.createEnrolment', { siteName, ...(ttlMinutes ? { ttlMinutes } : {}) });
  expect(made.status).toBe(200);
  return made.body.code as string;
}

beforeAll(async () => {
  hub = await startInstallation(
    'hub',
    { sync: { listenOn: ['127.0.0.0/8'], maxRequestBytes: LIMIT } },
    async (_dir, config) => {
      // A second tenant on the hub, whose admin must see nothing of the first's sites.
      const setup = await openStore({ dataDir: config.dataDir, migrate: 'auto' });
      setup.tenants.ensureDefault();
      setup.tenants.create({ slug: 'globex', name: 'Globex' });
      setup.close();
      await addUser({
        config,
        email: 'admin@globex.example',
        password: ADMIN_PASSWORD,
        role: 'admin',
        tenantSlug: 'globex',
      });
    },
    () => Date.now() + hubShift,
  );
  relay = await startRelay(hub.url);
  site = await startInstallation('site', {
    // Exchanges run when a test asks (sync.now), never on their own mid-assertion.
    sync: { intervalSeconds: 3600, pushDelayMs: 0, keepAckedDays: 0 },
    outbound: { allow: ['127.0.0.0/8'] },
  });
  const created = await site.rpc('sources.create', { kind: 'webhook', name: 'Gate cameras', config: {} });
  expect(created.status).toBe(200);
  sourceId = created.body.id as string;
  sourceToken = created.body.token as string;
}, 60_000);

afterAll(async () => {
  await site?.close();
  await relay?.close();
  await hub?.close();
});

describe('sync between a site and the hub (two real installations on loopback)', () => {
  it('serves each role its own methods and names the other role otherwise', async () => {
    const onSite = await site.rpc('sync.createEnrolment', { siteName: 'Nope' });
    expect(onSite.status).toBe(409);
    expect(onSite.body.error.message).toMatch(/--role hub/);
    const onHub = await hub.rpc('sync.status', {});
    expect(onHub.status).toBe(409);
    expect(onHub.body.error.message).toMatch(/Call it on the site/);
    expect((await site.rpc('sync.status', {})).body).toMatchObject({ state: 'not-enrolled', hubSiteId: null });
    // A site serves no sync endpoints at all.
    const enrol = await fetch(`${site.url}/api/sync/hello`, { method: 'POST', body: '{}' });
    expect(enrol.status).toBe(404);
  });

  it('refuses codes that are not codes, unknown, expired or used, and takes a good one once', async () => {
    const bad = await site.rpc('sync.enrol', { hubUrl: relay.url, code: 'not a code at all!!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/20 letters and digits/);

    const unknown = await site.rpc('sync.enrol', { hubUrl: relay.url, code: 'K7M2Q-9XH4T-RB3WD-06NYE' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({
      state: 'refused',
      lastError: expect.stringMatching(/unknown, already used or expired/),
    });

    // Some history before enrolment: it reaches the hub too (the enrolment queues a snapshot).
    await post([{ message: 'Gate 1 opened before enrolment', device: 'gate-1' }]);
    await until(
      () => allEvents(site),
      (e) => e.length === 1,
    );

    // Offline: the code is kept and used at the next connection.
    const good = await code('North yard');
    relay.cutAfter(0);
    const offline = await site.rpc('sync.enrol', { hubUrl: relay.url, code: good.toLowerCase() });
    expect(offline.body).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/cannot be reached/) });
    relay.heal();
    const online = await site.rpc('sync.now', {});
    expect(online.body).toMatchObject({ state: 'synced', lastError: null, outbox: { records: 0 } });
    hubSiteId = online.body.hubSiteId as string;
    expect(hubSiteId).toMatch(/^[0-9A-Z]{26}$/);
    expect((await allEvents(hub, hubSiteId)).map((e) => e.message)).toEqual(['Gate 1 opened before enrolment']);

    // The same code again, from a second site: used.
    const other = await startInstallation('site', { outbound: { allow: ['127.0.0.0/8'] } });
    try {
      const nowhere = await other.rpc('sync.enrol', { hubUrl: hub.url, code: good });
      expect(nowhere.body.error.message).toMatch(/no site yet/);
      expect((await other.rpc('sites.create', { name: 'South yard', slug: 'south-yard' })).status).toBe(200);
      const reused = await other.rpc('sync.enrol', { hubUrl: hub.url, code: good });
      expect(reused.body).toMatchObject({
        state: 'refused',
        lastError: expect.stringMatching(/already used or expired/),
      });
    } finally {
      await other.close();
    }

    const listed = await hub.rpc('hub.enrolments', {});
    expect(listed.body.items[0]).toMatchObject({
      siteName: 'North yard',
      usedAt: expect.any(Number),
      siteId: hubSiteId,
    });
    expect(JSON.stringify(listed.body)).not.toContain(good);
  });

  it('drains thousands of events in requests under the limit, through a cut connection, exactly once and in order', async () => {
    const total = 3000;
    const base = Date.UTC(2026, 0, 5, 8);
    for (let from = 0; from < total; from += 500) {
      await post(
        Array.from({ length: 500 }, (_, i) => ({
          message: `Badge ${from + i} read at door ${(from + i) % 17} with a note long enough to fill requests`,
          device: `door-${(from + i) % 17}`,
          time: new Date(base + (from + i) * 1000).toISOString(),
        })),
      );
    }
    const local = await until(
      () => allEvents(site),
      (e) => e.length === total + 1,
    );
    expect(local).toHaveLength(total + 1);
    const before = await site.rpc('sync.status', {});
    expect(before.body.outbox.records).toBeGreaterThanOrEqual(total);

    // The line goes dead in the middle of a request, some way into the drain (bodies are gzipped:
    // a request of up to 64 KiB of JSON is a few KiB on the wire).
    relay.cutAfter(12_345);
    const cut = await site.rpc('sync.now', {});
    expect(cut.body.state).toBe('offline');
    expect(cut.body.lastError).toMatch(/cannot be reached/);
    const partway = (await hub.rpc('hub.sites', {})).body.items[0];
    expect(partway.ackedSeq).toBeGreaterThan(0);
    expect(cut.body.outbox.records).toBeLessThan(before.body.outbox.records);
    expect(cut.body.outbox.records).toBeGreaterThan(0);

    relay.heal();
    const healed = await site.rpc('sync.now', {});
    expect(healed.body).toMatchObject({ state: 'synced', outbox: { records: 0 }, lastError: null });

    const remote = await allEvents(hub, hubSiteId);
    expect(remote.map((e) => e.message)).toEqual(local.map((e) => e.message));
    expect(new Set(remote.map((e) => e.message)).size).toBe(total + 1);
    expect(remote.map((e) => e.time)).toEqual(local.map((e) => e.time));

    // Asking again sends nothing twice.
    await site.rpc('sync.now', {});
    expect(await allEvents(hub, hubSiteId)).toHaveLength(total + 1);
    const view = (await hub.rpc('hub.sites', {})).body.items[0];
    expect(view).toMatchObject({ siteId: hubSiteId, name: 'North yard', reachability: 'ok', outboxLag: 0 });
  }, 120_000);

  it('brings the hub admin’s changes to the site, merging edits of other fields made there meanwhile', async () => {
    const renamed = await hub.rpc('sources.update', { id: sourceId, name: 'Gate cameras (from the hub)' });
    expect(renamed.status).toBe(200);
    expect((await site.rpc('sources.update', { id: sourceId, enabled: false })).status).toBe(200);
    await site.rpc('sync.now', {});
    // The merge is this site's change now: it goes to the hub at the next exchange.
    const after = await site.rpc('sync.now', {});
    expect(after.body).toMatchObject({ state: 'synced', conflicts: 0, outbox: { records: 0 } });
    const onSite = (await site.rpc('sources.get', { id: sourceId })).body;
    expect(onSite).toMatchObject({ name: 'Gate cameras (from the hub)', enabled: false });
    const onHub = (await hub.rpc('sources.get', { id: sourceId })).body;
    expect(onHub).toMatchObject({ name: 'Gate cameras (from the hub)', enabled: false });
  });

  it('keeps both versions of a field changed on both sides until a user chooses', async () => {
    expect((await hub.rpc('sources.update', { id: sourceId, name: 'Named on the hub' })).status).toBe(200);
    expect((await site.rpc('sources.update', { id: sourceId, name: 'Named on the site' })).status).toBe(200);
    const status = await site.rpc('sync.now', {});
    expect(status.body.conflicts).toBe(1);
    const { items } = (await site.rpc('sync.conflicts', {})).body;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'source',
      docId: sourceId,
      fields: ['name'],
      local: { name: 'Named on the site' },
      hub: { name: 'Named on the hub' },
    });
    // Nothing was overwritten meanwhile, on either side.
    expect((await site.rpc('sources.get', { id: sourceId })).body.name).toBe('Named on the site');
    expect((await hub.rpc('sources.get', { id: sourceId })).body.name).toBe('Named on the hub');
    // The hub hears of it at the site's next contact; nothing changes on either side meanwhile.
    await site.rpc('sync.now', {});
    expect((await hub.rpc('hub.sites', {})).body.items[0].conflicts).toBe(1);
    expect((await site.rpc('sources.get', { id: sourceId })).body.name).toBe('Named on the site');

    const badMerge = await site.rpc('sync.resolveConflict', { id: items[0].id, keep: 'merged', merged: { name: 42 } });
    expect(badMerge.status).toBe(400);
    expect(badMerge.body.error.issues[0].path).toMatch(/^merged\./);
    expect((await site.rpc('sync.resolveConflict', { id: items[0].id, keep: 'site' })).body).toEqual({ ok: true });
    const resolved = await site.rpc('sync.now', {});
    expect(resolved.body).toMatchObject({ conflicts: 0, outbox: { records: 0 } });
    expect((await hub.rpc('sources.get', { id: sourceId })).body.name).toBe('Named on the site');
    expect((await site.rpc('sync.conflicts', {})).body.items).toEqual([]);
  });

  it('shows another tenant of the hub none of these sites', async () => {
    const other = await hub.login('admin@globex.example', ADMIN_PASSWORD, 'globex');
    expect((await hub.rpc('hub.sites', {}, other)).body.items).toEqual([]);
    expect((await hub.rpc('hub.search', { text: 'Badge' }, other)).body.items).toEqual([]);
    expect((await hub.rpc('hub.revokeSite', { siteId: hubSiteId }, other)).status).toBe(404);
    const events = await hub.rpc('events.list', { siteId: hubSiteId }, other);
    expect(events.body.items ?? []).toEqual([]);
    // The tenant's own admin finds the site's events across sites.
    const found = await hub.rpc('hub.search', { text: 'Badge 2999', limit: 5 });
    expect(found.body.items[0]).toMatchObject({ siteId: hubSiteId, siteName: 'North yard' });
  });

  it('refuses an expired code, and shows a site clock days off without stopping sync', async () => {
    const threeDays = 3 * 86_400_000;
    const skewed = await startInstallation(
      'site',
      { outbound: { allow: ['127.0.0.0/8'] } },
      undefined,
      () => Date.now() - threeDays,
    );
    try {
      expect((await skewed.rpc('sites.create', { name: 'East yard', slug: 'east-yard' })).status).toBe(200);
      const stale = await code('East yard', 5);
      hubShift = 6 * 60_000;
      const expired = await skewed.rpc('sync.enrol', { hubUrl: hub.url, code: stale });
      expect(expired.body).toMatchObject({ state: 'refused', lastError: expect.stringMatching(/expired/) });
      hubShift = 0;
      const enrolled = await skewed.rpc('sync.enrol', { hubUrl: hub.url, code: await code('East yard') });
      expect(enrolled.body).toMatchObject({ state: 'synced', clock: { skewed: true } });
      expect(enrolled.body.clock.offsetMs).toBeGreaterThan(threeDays - 60_000);
      const view = (await hub.rpc('hub.sites', {})).body.items.find((s: { name: string }) => s.name === 'East yard');
      expect(view).toMatchObject({ skewed: true, reachability: 'ok' });
    } finally {
      hubShift = 0;
      await skewed.close();
    }
  });

  it('cuts a revoked site off: its next exchange is refused with what to do', async () => {
    expect((await hub.rpc('hub.revokeSite', { siteId: hubSiteId })).body).toEqual({ ok: true });
    expect((await site.rpc('sources.update', { id: sourceId, enabled: true })).status).toBe(200);
    await post([{ message: 'After revocation', device: 'gate-1' }]);
    const refused = await site.rpc('sync.now', {});
    expect(refused.body).toMatchObject({ state: 'refused', lastError: expect.stringMatching(/revoked/) });
    expect(
      (await hub.rpc('hub.sites', {})).body.items.find((s: { siteId: string }) => s.siteId === hubSiteId),
    ).toMatchObject({
      reachability: 'revoked',
    });
    expect((await allEvents(hub, hubSiteId)).map((e) => e.message)).not.toContain('After revocation');
  });

  it('refuses a request over the limit before reading it', async () => {
    const huge = await fetch(`${hub.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parts: [], pad: 'x'.repeat(LIMIT + 10) }),
    });
    expect(huge.status).toBe(413);
  });
});
