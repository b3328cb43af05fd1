import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { MIN_PEER_PROTOCOL, PROTOCOL_VERSION } from './protocol/index.js';
import { ADMIN_PASSWORD, enrolWithHub, startInstallation, type Installation } from './test-support/index.js';

/*
 * What the hub's admin makes for a site reaches it: users (so people sign in there offline) and
 * published releases with their files (so the site's wall boards show them without the hub).
 */

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let hub: Installation;
let site: Installation;
let siteId = '';
let hubSiteId = '';

beforeAll(async () => {
  hub = await startInstallation('hub', { sync: { listenOn: ['127.0.0.0/8'] } });
  site = await startInstallation('site', {
    sync: { intervalSeconds: 3600, pushDelayMs: 0, keepAckedDays: 0 },
    outbound: { allow: ['127.0.0.0/8'] },
  });
  const created = await site.rpc('sites.create', { name: 'East gate', slug: 'east-gate' });
  expect(created.status).toBe(200);
  siteId = created.body.id as string;
  hubSiteId = await enrolWithHub(hub, site, hub.url, 'East gate', siteId);
}, 60_000);

describe('the site’s own view', () => {
  it('shows the sync state on Home once an exchange has run', async () => {
    await site.rpc('sync.now', {});
    const home = await site.rpc('home.get', {});
    expect(home.status).toBe(200);
    expect(home.body.sync.sites).toEqual([
      expect.objectContaining({ siteId, state: 'ok', pendingRecords: 0, lastSyncAt: expect.any(Number), error: null }),
    ]);
  });
});

afterAll(async () => {
  await site?.close();
  await hub?.close();
});

describe('documents the hub makes for a site', () => {
  it('brings the hub’s users to the site, where they sign in offline, and disables them there too', async () => {
    const made = await hub.rpc('users.create', {
      email: 'tech@example.com',
      name: 'Field technician',
      role: 'technician',
      password: ADMIN_PASSWORD,
    });
    expect(made.status).toBe(200);
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', lastError: null });
    const token = await site.login('tech@example.com', ADMIN_PASSWORD);
    expect(token).toBeTruthy();

    expect((await hub.rpc('users.update', { id: made.body.id, disabled: true })).status).toBe(200);
    await site.rpc('sync.now', {});
    await expect(site.login('tech@example.com', ADMIN_PASSWORD)).rejects.toThrow();
  });

  it('brings a release published on the hub to the site, with its files', async () => {
    const upload = await hub.rpc('sitemap.uploadAsset', {
      siteId: hubSiteId,
      kind: 'basemap',
      fileName: 'plan.png',
      contentBase64: PNG.toString('base64'),
    });
    expect(upload.status).toBe(200);
    const published = await hub.rpc('releases.publish', { siteId: hubSiteId, env: 'production', note: 'from the hub' });
    expect(published.status).toBe(200);

    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', lastError: null });
    const releases = await site.rpc('releases.list', { siteId });
    expect(releases.status).toBe(200);
    expect(releases.body.releases).toEqual([expect.objectContaining({ version: 1, note: 'from the hub' })]);
    const release = await site.rpc('releases.get', { siteId, version: 1 });
    expect(release.status).toBe(200);
    const assets = release.body.manifest.assets as { role: string; sha256: string }[];
    const basemap = assets.find((a) => a.role === 'basemap')!;
    // The file itself is on the site: its wall board works without the hub.
    const file = await fetch(`${site.url}/api/public/east-gate/assets/${basemap.sha256}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
  });

  it('sends the hub a map layer uploaded on the site', async () => {
    const other = Buffer.concat([PNG, Buffer.from('site layer')]);
    const upload = await site.rpc('sitemap.uploadAsset', {
      siteId,
      kind: 'basemap',
      fileName: 'site-plan.png',
      contentBase64: other.toString('base64'),
    });
    expect(upload.status).toBe(200);
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', lastError: null });
    const draft = await hub.rpc('sitemap.get', { siteId: hubSiteId });
    expect(draft.body.basemap).toMatchObject({ sha256: sha(other) });
    const content = await hub.rpc('sitemap.assetContent', { siteId: hubSiteId, assetId: draft.body.basemap.id });
    expect(content.status).toBe(200);
    expect(Buffer.from(content.body.contentBase64 as string, 'base64')).toEqual(other);
  });

  it('serves and takes only the files of the credential’s own site, and only whole', async () => {
    // A file of a site this credential does not belong to.
    const elsewhere = await hub.rpc('sites.create', { name: 'Elsewhere', slug: 'elsewhere' });
    const secret = Buffer.concat([PNG, Buffer.from('elsewhere')]);
    await hub.rpc('sitemap.uploadAsset', {
      siteId: elsewhere.body.id,
      kind: 'basemap',
      fileName: 'secret.png',
      contentBase64: secret.toString('base64'),
    });
    const code = (await hub.rpc('sync.createEnrolment', { siteName: 'Probe' })).body.code as string;
    const enrolled = await fetch(`${hub.url}/api/sync/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        protocol: PROTOCOL_VERSION,
        minProtocol: MIN_PEER_PROTOCOL,
        appVersion: '0.0.0-test',
        schemaVersion: 0,
        code,
        site: { id: ulid(), name: 'Probe' },
        sentAt: Date.now(),
      }),
    });
    expect(enrolled.status).toBe(200);
    const credential = ((await enrolled.json()) as { credential: string }).credential;
    const auth = { authorization: `Bearer ${credential}` };

    const stolen = await fetch(`${hub.url}/api/sync/assets/${sha(secret)}`, { headers: auth });
    expect(stolen.status).toBe(404);
    expect(await stolen.text()).not.toContain('elsewhere');
    const planted = await fetch(`${hub.url}/api/sync/assets/${sha(PNG)}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: PNG,
    });
    expect(planted.status).toBe(404);
    const anonymous = await fetch(`${hub.url}/api/sync/assets/${sha(secret)}`);
    expect(anonymous.status).toBe(401);
    const notAHash = await fetch(`${hub.url}/api/sync/assets/..%2F..%2Fetc%2Fpasswd`, { headers: auth });
    expect(notAHash.status).toBe(400);
  });
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
