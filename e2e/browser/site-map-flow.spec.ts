import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test as base } from '../support/fixtures.js';
import { ADMIN } from '../support/outpost-server.js';
import { signIn } from '../support/sign-in.js';

/**
 * The whole site-map flow of issue 4, as a user does it in Chromium: create a site, upload a base
 * map and an overlay SVG, import overlays, point the site at an external status API, publish to
 * staging, fetch release.json, open the viewer and the wall board, see the overlays drawn in their
 * status colours, change a status upstream, and see the colour change without reloading.
 *
 * The status API is outside the machine in real life, so here it is a small HTTP server of the
 * test's own on loopback. The status cache is shortened to 1 s (the product default is 30 s) so the
 * change shows within the test's patience; the external poll interval is the contract's minimum (5 s).
 */

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const OVERLAY_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">
  <rect id="pump-1" x="10" y="10" width="120" height="90" fill="#ccc"/>
  <rect id="pump-2" x="160" y="10" width="120" height="90" fill="#ccc" onmouseover="alert(1)"/>
  <circle id="valve-9" cx="300" cy="200" r="40" fill="#ccc"/>
</svg>`;

/** Binds the three shapes to the upstream's unit ids. */
const IMPORT_CSV = [
  'externalId,shapeId,label,bindingType,bindingTarget',
  'pump-1,pump-1,Pump 1,unit,P1',
  'pump-2,pump-2,Pump 2,unit,P2',
  'valve-9,valve-9,Valve 9,unit,V9',
].join('\n');

interface Upstream {
  url: string;
  statuses: Map<string, string>;
  requests: number;
  close(): Promise<void>;
}

async function startUpstream(): Promise<Upstream> {
  const statuses = new Map([
    ['P1', 'RUNNING'],
    ['P2', 'RUNNING'],
    ['V9', 'FAULT'],
  ]);
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    if (req.headers['x-api-key'] !== 'plant-secret') {
      res.writeHead(401).end();
      return;
    }
    const body = JSON.stringify({ data: { units: [...statuses].map(([id, state]) => ({ id, state })) } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/units`,
    statuses,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const test = base.extend<{ upstream: Upstream }>({
  upstream: async ({}, use) => {
    const upstream = await startUpstream();
    try {
      await use(upstream);
    } finally {
      await upstream.close();
    }
  },
});

// The upstream listens on loopback, which the outbound guard refuses unless an admin allows it.
test.use({ outpostEnv: { OUTPOST_SITEMAP_STATUS_CACHE_SECONDS: '1', OUTPOST_OUTBOUND_ALLOW: '127.0.0.0/8' } });

/** The fill the canvas painted on a shape, as the browser computes it (shapes live in a shadow root). */
function shapeStatus(page: Page, shapeId: string) {
  return page.locator(`[id="${shapeId}"]`);
}

test('site map: build, bind, integrate, publish to staging, watch a status change live', async ({
  page,
  outpost,
  upstream,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);

  // ---- A site ----
  await page.goto('/settings/sites');
  await page.getByLabel('Name', { exact: true }).fill('Pump station');
  await page.getByLabel('Slug', { exact: true }).fill('pump-station');
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'Pump station' })).toHaveCount(1);

  // ---- Its map: base map and overlay layer ----
  await page.locator('nav[aria-label="Primary"]').getByRole('link', { name: 'Map', exact: true }).click();
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Pump station' });
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page
    .getByLabel('Base map (PNG, JPEG or SVG)')
    .setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByText('Base map uploaded.')).toBeVisible();
  await page
    .getByLabel('Overlay layer (SVG)')
    .setInputFiles({ name: 'pumps.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(OVERLAY_SVG) });
  await expect(page.getByText('Overlay layer uploaded.')).toBeVisible();
  // The event handler was taken out, and the user is told.
  await expect(page.getByText(/Removed from your file: .*onmouseover/)).toBeVisible();
  await expect(page.getByText('3 overlays were created from the shapes of the layer.')).toBeVisible();

  // ---- Bulk import binds the shapes to the upstream's units ----
  await page.getByRole('button', { name: 'Import overlays…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import overlays' });
  await dialog.getByLabel('Or paste CSV or JSON').fill(IMPORT_CSV);
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(dialog.getByText(/0 created, 3 updated, 0 unchanged, 0 rejected/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Import 3 overlays' }).click();
  await expect(dialog.getByText('3 overlays were written to the draft.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // ---- The external status API and a mapping ----
  await page.getByRole('tab', { name: 'Status' }).click();
  await page.getByRole('radio', { name: 'External HTTP JSON API' }).check();
  await page.getByLabel('URL', { exact: true }).fill(upstream.url);
  await page.getByLabel('Auth header name').fill('X-Api-Key');
  await page.getByLabel('Auth header value').fill('plant-secret');
  await page.getByLabel('List path').fill('$.data.units');
  await page.getByLabel('Id field').fill('id');
  await page.getByLabel('Status field').fill('state');
  await page.getByLabel('Poll interval (seconds)').fill('5');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByLabel('Rule 1 match').fill('RUNNING');
  await page.getByLabel('Rule 1 status').selectOption('ok');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByLabel('Rule 2 match').fill('FAULT');
  await page.getByLabel('Rule 2 status').selectOption('alarm');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/^Saved\. Overlays take their colours/)).toBeVisible();

  // ---- Publish to staging ----
  await page.getByRole('tab', { name: 'Releases' }).click();
  await page.getByLabel('Environment').selectOption('staging');
  await page.getByLabel('Release note').fill('Pumps bound to the plant API');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText(/Published version 1 to staging/)).toBeVisible();

  // ---- release.json, as a CDN or wall board fetches it: no credentials ----
  const releaseUrl = `${outpost.url}/api/public/pump-station/release.json?env=staging`;
  const release = await fetch(releaseUrl);
  expect(release.status).toBe(200);
  const etag = release.headers.get('etag');
  expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
  expect(release.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
  const manifest = (await release.json()) as {
    version: number;
    env: string;
    overlays: { externalId: string; binding: { type: string; unitId?: string } | null }[];
    assets: { role: string; sha256: string }[];
  };
  expect(manifest.version).toBe(1);
  expect(manifest.env).toBe('staging');
  expect(manifest.overlays.map((o) => [o.externalId, o.binding?.unitId])).toEqual([
    ['pump-1', 'P1'],
    ['pump-2', 'P2'],
    ['valve-9', 'V9'],
  ]);
  expect(manifest.assets.map((a) => a.role).sort()).toEqual(['basemap', 'overlay']);
  expect((await fetch(releaseUrl, { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304);
  // Production has nothing yet, and the draft is never public.
  expect((await fetch(`${outpost.url}/api/public/pump-station/release.json`)).status).toBe(404);

  // ---- The viewer: overlays drawn in their statuses ----
  await page.getByRole('tab', { name: 'View' }).click();
  await expect(shapeStatus(page, 'pump-1')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await expect(shapeStatus(page, 'pump-2')).toHaveAttribute('data-status', 'ok');
  await expect(shapeStatus(page, 'valve-9')).toHaveAttribute('data-status', 'alarm');
  // What the sanitiser removed never reaches the page.
  expect(await shapeStatus(page, 'pump-2').getAttribute('onmouseover')).toBeNull();

  // ---- The wall board renders the staging release with its public status ----
  const wall = await page.context().newPage();
  await wall.goto(`/wall/pump-station?env=staging`);
  await expect(shapeStatus(wall, 'valve-9')).toHaveAttribute('data-status', 'alarm', { timeout: 20_000 });
  await expect(shapeStatus(wall, 'pump-1')).toHaveAttribute('data-status', 'ok');

  // ---- A pump fails upstream: the viewer turns it red by itself (pushed, no reload) ----
  upstream.statuses.set('P1', 'FAULT');
  await expect(shapeStatus(page, 'pump-1')).toHaveAttribute('data-status', 'alarm', { timeout: 30_000 });
  const fill = await shapeStatus(page, 'pump-1').evaluate((el) => getComputedStyle(el).fill);
  const alarmFill = await shapeStatus(page, 'valve-9').evaluate((el) => getComputedStyle(el).fill);
  expect(fill).toBe(alarmFill);
  await expect(shapeStatus(page, 'pump-2')).toHaveAttribute('data-status', 'ok');

  // The public status endpoint agrees.
  const status = (await (await fetch(`${outpost.url}/api/public/pump-station/status?env=staging`)).json()) as {
    items: { externalId: string; status: string }[];
  };
  expect(status.items).toContainEqual({ externalId: 'pump-1', status: 'alarm' });
  await wall.close();
});
