import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startOutpost, type OutpostServer } from '../../e2e/support/outpost-server.js';
import {
  addBacklog,
  hubEvents,
  mirroredIds,
  siteEvents,
  startHttpRelay,
  type HttpRelay,
} from './test-support/index.js';

/*
 * Fault injection with real processes: a hub and a site, each `outpost serve` on its own folder and
 * a free loopback port, the site reaching the hub through an HTTP relay that records every request,
 * refuses all of them (a partition) or delivers each twice and out of order. Processes are SIGKILLed
 * at the moment a push has reached the hub, then started again on the same folder. After each
 * fault the two databases are read directly and compared: the hub holds every event of the site
 * exactly once, under its mirrored ids, in the site's order. The backlogs are written straight into
 * the site's store while it is stopped (see addBacklog): ingesting 150,000 events takes too long here.
 */

const LIMIT = 262_144;
const HUB_ENV = { OUTPOST_SYNC_LISTEN_ON: '127.0.0.0/8', OUTPOST_SYNC_MAX_REQUEST_BYTES: String(LIMIT) };
const SITE_ENV = {
  // A failed exchange is tried again after a second; new records go at once (prompt push).
  OUTPOST_SYNC_INTERVAL_SECONDS: '1',
  OUTPOST_SYNC_KEEP_ACKED_DAYS: '0',
  OUTPOST_OUTBOUND_ALLOW: '127.0.0.0/8',
};

let hubDir = '';
let siteDir = '';
let hub: OutpostServer | undefined;
let site: OutpostServer | undefined;
let relay: HttpRelay;
let hubToken = '';
let siteToken = '';
let hubSiteId = '';
let total = 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are asserted field by field
async function rpc(on: OutpostServer, method: string, input: unknown, token: string): Promise<any> {
  const response = await fetch(`${on.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${method}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function login(on: OutpostServer): Promise<string> {
  return ((await rpc(on, 'auth.login', { email: ADMIN.email, password: ADMIN.password }, '')) as { token: string })
    .token;
}

async function startHub(first = false): Promise<void> {
  hub = await startOutpost({ dataDir: hubDir, createAdmin: first, extraArgs: ['--role', 'hub'], env: HUB_ENV });
  relay?.retarget(hub.url);
  hubToken = await login(hub);
}

/** `signIn: false` when the site may be killed before it answers. */
async function startSite(first = false, signIn = true): Promise<void> {
  site = await startOutpost({ dataDir: siteDir, createAdmin: first, env: SITE_ENV });
  if (signIn) siteToken = await login(site);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGKILLs `victim` once `pushes` more pushes have reached the hub; resolves when it is gone. */
function killAtPush(victim: () => OutpostServer | undefined, pushes: number): Promise<void> {
  let seen = 0;
  let pid = -1;
  relay.onSent = (path) => {
    if (!path.endsWith('/push') || ++seen < pushes) return;
    relay.onSent = null;
    pid = victim()!.pid;
    process.kill(pid, 'SIGKILL');
  };
  return until('the process is killed', () => pid > 0 && !alive(pid));
}

const drained = async () => {
  const status = await rpc(site!, 'sync.status', {}, siteToken).catch(() => null);
  return status?.state === 'synced' && status.outbox.records === 0;
};

/** Stops both (SIGTERM), compares their databases, and starts both again unless it is the last check. */
async function expectSameEvents({ restart = true } = {}): Promise<void> {
  await site!.stop();
  await hub!.stop();
  const local = await siteEvents(siteDir);
  const remote = (await hubEvents(hubDir, hubSiteId)).map((e) => e.id);
  expect(local.events).toHaveLength(total);
  expect(new Set(remote).size).toBe(remote.length);
  expect(remote).toEqual(mirroredIds(hubSiteId, local.events));
  if (!restart) return;
  await startHub();
  await startSite();
}

beforeAll(async () => {
  hubDir = await mkdtemp(join(tmpdir(), 'outpost-syncfault-hub-'));
  siteDir = await mkdtemp(join(tmpdir(), 'outpost-syncfault-site-'));
  await Promise.all([startHub(true), startSite(true)]);
  relay = await startHttpRelay(hub!.url, 14);
  await rpc(site!, 'sites.create', { name: 'Pump station', slug: 'pump-station' }, siteToken);
  const made = await rpc(hub!, 'sync.createEnrolment', { siteName: 'Pump station' }, hubToken);
  const enrolled = await rpc(site!, 'sync.enrol', { hubUrl: relay.url, code: made.code }, siteToken);
  expect(enrolled.state).toBe('synced');
  hubSiteId = enrolled.hubSiteId as string;
}, 120_000);

afterAll(async () => {
  await site?.stop();
  await hub?.stop();
  await relay?.close();
  for (const dir of [hubDir, siteDir]) if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('sync under faults (real outpost processes on loopback)', () => {
  it('loses and doubles nothing when the site is SIGKILLed mid-batch and restarted', async () => {
    await site!.stop();
    await addBacklog(siteDir, { count: 10_000, from: total });
    total += 10_000;
    const killed = killAtPush(() => site, 3);
    await startSite(false, false);
    await killed;
    // The hub applied the push the site never heard back about.
    const partway = (await rpc(hub!, 'hub.sites', {}, hubToken)).items[0];
    expect(partway.ackedSeq).toBeGreaterThan(0);
    await startSite();
    await until('the site is drained', drained);
    await expectSameEvents();
  }, 120_000);

  it('loses and doubles nothing when the hub is SIGKILLed mid-apply and restarted', async () => {
    await site!.stop();
    await addBacklog(siteDir, { count: 10_000, from: total });
    total += 10_000;
    const killed = killAtPush(() => hub, 2);
    await startSite();
    await killed;
    await until('the site notices', async () => (await rpc(site!, 'sync.status', {}, siteToken)).state === 'offline');
    await startHub();
    await until('the site is drained', drained);
    await expectSameEvents();
  }, 120_000);

  it('reaches the same end state when every request is delivered twice and out of order', async () => {
    await site!.stop();
    await addBacklog(siteDir, { count: 10_000, from: total });
    total += 10_000;
    relay.mode = 'duplicate';
    const before = { sent: relay.requests.length, delivered: relay.delivered };
    await startSite();
    await until('the site is drained', drained);
    await relay.flush();
    const sent = relay.requests.length - before.sent;
    expect(sent).toBeGreaterThan(10);
    expect(relay.delivered - before.delivered).toBe(2 * sent);
    relay.mode = 'pass';
    await expectSameEvents();
  }, 120_000);

  it('sends 100,000 records held back by a partition once it heals, in order, no request over the limit', async () => {
    relay.mode = 'partition';
    await site!.stop();
    await addBacklog(siteDir, { count: 100_000, from: total });
    total += 100_000;
    const from = relay.requests.length;
    await startSite();
    await until(
      'the site is offline',
      async () => (await rpc(site!, 'sync.status', {}, siteToken)).state === 'offline',
    );
    const held = await rpc(site!, 'sync.status', {}, siteToken);
    expect(held.outbox.records).toBeGreaterThanOrEqual(100_000);
    relay.mode = 'pass';
    await until('the site is drained', drained, 150_000);
    const sizes = relay.requests.slice(from);
    expect(sizes.filter((r) => r.path.endsWith('/push')).length).toBeGreaterThan(20);
    expect(Math.max(...sizes.map((r) => r.bodyBytes))).toBeLessThanOrEqual(LIMIT);
    expect(Math.max(...sizes.map((r) => r.wireBytes))).toBeLessThanOrEqual(LIMIT);
    // The last test: afterAll would only stop the two processes a restart starts.
    await expectSameEvents({ restart: false });
  }, 240_000);
});
