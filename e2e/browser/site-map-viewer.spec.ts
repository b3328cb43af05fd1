import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';
import { publishGridMap } from '../support/site-map-fixture.js';

// The Core asks a site's status source at most once per sitemap.statusCacheSeconds (30 s by
// default); 2 s keeps the live-update test short without changing what it checks.
test.use({ outpostEnv: { OUTPOST_SITEMAP_STATUS_CACHE_SECONDS: '2' } });

/**
 * The live viewer (Map page, View tab) and the public wall board, on a site whose map is built
 * through the API: 60 rooms bound to devices, half of them reporting through a webhook.
 */
const ROOMS = 60;

/** Shapes are inside the canvas's shadow root; Playwright's CSS locators pierce it. */
const shape = (page: Page, id: string) => page.locator(`.map-overlay-host #${id}`);

async function scale(page: Page): Promise<number> {
  const transform = await page.locator('.map-layer').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.e-]+)\)/.exec(transform)?.[1] ?? 'NaN');
}

test('the public wall board shows the published map without signing in, with a legend that filters', async ({
  page,
  outpost,
}) => {
  const published = await publishGridMap(outpost.url, {
    count: ROOMS,
    slug: 'north-depot',
    name: 'North Depot',
    reportingShare: 0.5,
  });

  await page.goto('/wall/north-depot');
  await expect(page.getByRole('heading', { level: 1, name: 'North Depot' })).toBeVisible();
  await expect(page.getByText('Release 1', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await expect(page.locator('.map-overlay-host [data-status="ok"]')).toHaveCount(published.reporting);
  await expect(page.locator('.map-overlay-host [data-status="unknown"]')).toHaveCount(ROOMS - published.reporting);
  await expect(page.getByText(/^Live · updated \d+ s ago/)).toBeVisible();

  // The legend counts, and hides a status (dimmed, not removed) with a toggle button.
  const ok = page.getByRole('button', { name: /^OK 30$/ });
  await expect(ok).toHaveAttribute('aria-pressed', 'true');
  await ok.click();
  await expect(ok).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('.map-overlay-host [data-status="ok"][data-dimmed]')).toHaveCount(published.reporting);
  await expect(page.locator('.map-overlay-host [data-status="unknown"][data-dimmed]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(page.locator('.map-overlay-host [data-dimmed]')).toHaveCount(0);

  // Zoom with the buttons and the keyboard; 0 fits the whole map again.
  const fitted = await scale(page);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => scale(page)).toBeCloseTo(fitted * 1.25, 3);
  await page.getByRole('application', { name: /Map of North Depot/ }).focus();
  await page.keyboard.press('+');
  await expect.poll(() => scale(page)).toBeCloseTo(fitted * 1.25 * 1.25, 3);
  await page.keyboard.press('0');
  await expect.poll(() => scale(page)).toBeCloseTo(fitted, 3);

  // Every shape the drawing had is there, sanitised again, and nothing was dropped on the way.
  await expect(page.locator('.map-overlay-host [data-overlay]')).toHaveCount(ROOMS);

  await page.goto('/wall/nowhere');
  await expect(page.getByRole('alert')).toContainText('Nothing is published for nowhere');
});

test('the live viewer colours by pushed status, pans without selecting, and drills down into an overlay', async ({
  page,
  outpost,
  admin,
}) => {
  const published = await publishGridMap(outpost.url, {
    count: ROOMS,
    slug: 'south-yard',
    name: 'South Yard',
    reportingShare: 0.5,
  });
  await signIn(page, admin.email, admin.password);
  await page.goto(`/map?site=${published.siteId}`);
  await expect(page.locator('.map-overlay-host [data-status="ok"]')).toHaveCount(published.reporting);
  await expect(shape(page, 'room-45')).toHaveAttribute('data-status', 'unknown');

  // A device reports: its room turns OK by the status push, without reloading the page.
  const webhook = published.webhook!;
  const ingest = await fetch(webhook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${webhook.token}` },
    body: JSON.stringify({ message: 'dev-45 came online', severity: 'info', device: 'dev-45' }),
  });
  expect(ingest.status).toBe(202);
  await expect(shape(page, 'room-45')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });

  // A drag pans the map and does not open a panel, even when it starts on a shape.
  const before = await page.locator('.map-layer').evaluate((el) => (el as HTMLElement).style.transform);
  const box = (await shape(page, 'room-3').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 12, box.y + box.height / 2 + i * 6);
  await page.mouse.up();
  await expect
    .poll(() => page.locator('.map-layer').evaluate((el) => (el as HTMLElement).style.transform))
    .not.toBe(before);
  await expect(page.getByRole('region', { name: 'Room 3' })).toHaveCount(0);

  // A click opens the drill-down: status with what the source said, binding, events.
  await shape(page, 'room-3').click();
  const panel = page.getByRole('region', { name: 'Room 3' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 2, name: 'Room 3' })).toBeFocused();
  await expect(panel).toContainText('OK');
  await expect(panel).toContainText('Device dev-3');
  await expect(panel.getByRole('heading', { name: 'Recent events' })).toBeVisible();
  await expect(panel).toContainText('heartbeat from dev-3');
  await expect(panel).toContainText('No open alerts.');
  await expect(panel.getByRole('link', { name: 'All events of this device' })).toHaveAttribute(
    'href',
    '/events?device=dev-3',
  );
  await expect(shape(page, 'room-3')).toHaveAttribute('data-selected', '');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('application', { name: /Live map/ })).toBeFocused();

  // Keyboard route to any overlay: find it by name.
  await page.getByLabel('Find an overlay').fill('Room 12');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Room 12' })).toBeVisible();
});
