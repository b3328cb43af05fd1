import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstallation, startRelay, type Installation, type Relay } from './test-support/index.js';

/*
 * A hub restored from an older backup: it stands behind what it acknowledged to the site, the site
 * notices at hello and sends again from where the hub stands, and nothing arrives twice.
 */

const HUB_CONFIG = { sync: { listenOn: ['127.0.0.0/8'] } };

let hub: Installation;
let site: Installation;
let relay: Relay;
let hubDir = '';
let sourceId = '';
let sourceToken = '';

async function post(from: number, count: number): Promise<void> {
  const response = await fetch(`${site.url}/api/ingest/${sourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sourceToken}` },
    body: JSON.stringify(Array.from({ length: count }, (_, i) => ({ message: `Reading ${from + i} from meter 4` }))),
  });
  expect(response.status).toBe(202);
}

async function count(on: Installation, siteId?: string, want?: number): Promise<number> {
  const end = Date.now() + 20_000;
  for (;;) {
    let total = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await on.rpc('events.list', {
        limit: 500,
        ...(siteId ? { siteId } : {}),
        ...(cursor ? { cursor } : {}),
      });
      total += page.body.items.length as number;
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor as string;
    }
    if (want === undefined || total === want || Date.now() > end) return total;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  hub = await startInstallation('hub', HUB_CONFIG);
  hubDir = hub.dataDir;
  relay = await startRelay(hub.url);
  site = await startInstallation('site', {
    sync: { intervalSeconds: 3600, pushDelayMs: 0 },
    outbound: { allow: ['127.0.0.0/8'] },
  });
  const created = await site.rpc('sources.create', { kind: 'webhook', name: 'Meters', config: {} });
  sourceId = created.body.id as string;
  sourceToken = created.body.token as string;
}, 60_000);

afterAll(async () => {
  await site?.close();
  await relay?.close();
  await hub?.close();
  if (hubDir) await rm(hubDir, { recursive: true, force: true });
});

describe('a hub restored from an older backup', () => {
  it('is noticed, and gets what it lost again, once', async () => {
    const made = await hub.rpc('sync.createEnrolment', { siteName: 'Meter house' });
    const enrolled = await site.rpc('sync.enrol', { hubUrl: relay.url, code: made.body.code });
    expect(enrolled.body.state).toBe('synced');
    const hubSiteId = enrolled.body.hubSiteId as string;
    await post(0, 100);
    expect(await count(site, undefined, 100)).toBe(100);
    await site.rpc('sync.now', {});
    expect(await count(hub, hubSiteId)).toBe(100);

    // The backup: the hub stopped, its database copied.
    await hub.stop();
    await copyFile(join(hubDir, 'outpost.sqlite'), join(hubDir, 'backup.sqlite'));
    hub = await startInstallation('hub', HUB_CONFIG, undefined, undefined, hubDir);
    relay.retarget(hub.url);

    await post(100, 150);
    expect(await count(site, undefined, 250)).toBe(250);
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', outbox: { records: 0 } });
    expect(await count(hub, hubSiteId)).toBe(250);

    // The restore: the hub comes back with the older file and has lost the last 150.
    await hub.stop();
    for (const suffix of ['', '-wal', '-shm']) await rm(join(hubDir, `outpost.sqlite${suffix}`), { force: true });
    await copyFile(join(hubDir, 'backup.sqlite'), join(hubDir, 'outpost.sqlite'));
    hub = await startInstallation('hub', HUB_CONFIG, undefined, undefined, hubDir);
    relay.retarget(hub.url);
    expect(await count(hub, hubSiteId)).toBe(100);

    const after = await site.rpc('sync.now', {});
    expect(after.body).toMatchObject({ state: 'synced', lastError: null, outbox: { records: 0 } });
    expect(await count(hub, hubSiteId)).toBe(250);
    await site.rpc('sync.now', {});
    expect(await count(hub, hubSiteId)).toBe(250);
  }, 120_000);
});
