import type { Page, Response } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { publishGridMap } from '../support/site-map-fixture.js';
import { signIn } from '../support/sign-in.js';

/** The script files the page fetched so far, by file name (`EventsPage-a1b2c3.js`). */
function scriptsOf(page: Page): { names: () => string[]; responses: Response[] } {
  const responses: Response[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') responses.push(response);
  });
  return { names: () => responses.map((r) => new URL(r.url()).pathname.split('/').pop()!), responses };
}

const nav = (page: Page, name: string) =>
  page.locator('nav[aria-label="Primary"]').getByRole('link', { name, exact: true });

test('the sign-in page loads only its own code, brotli-compressed; a page loads on demand, fetched on hover', async ({
  page,
  admin,
}) => {
  const scripts = scriptsOf(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Outpost' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts.names().some((n) => /^index-.+\.js$/.test(n))).toBe(true);
  expect(scripts.names().filter((n) => /^(router|EventsPage|MapPage|WallBoardPage)-/.test(n))).toEqual([]);
  for (const response of scripts.responses) {
    expect(await response.headerValue('content-encoding'), response.url()).toBe('br');
  }

  await signIn(page, admin.email, admin.password);
  expect(scripts.names().some((n) => n.startsWith('router-'))).toBe(true);
  expect(scripts.names().some((n) => n.startsWith('EventsPage-'))).toBe(false);

  // Pointing at the link fetches the page's code before the click.
  const fetched = page.waitForResponse((r) => /\/assets\/EventsPage-[^/]+\.js$/.test(r.url()));
  await nav(page, 'Events').hover();
  await fetched;
  await nav(page, 'Events').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
});

test('the wall board loads without the router or the signed-in app', async ({ page, outpost }) => {
  await publishGridMap(outpost.url, { count: 12, slug: 'east-yard', name: 'East Yard' });
  const scripts = scriptsOf(page);
  await page.goto('/wall/east-yard');
  await expect(page.getByRole('heading', { level: 1, name: 'East Yard' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts.names().some((n) => n.startsWith('WallBoardPage-'))).toBe(true);
  expect(scripts.names().filter((n) => /^(router|LoginPage|EventsPage|MapPage)-/.test(n))).toEqual([]);
});

test('a page whose code is gone after an upgrade reloads once with a message, then offers a reload instead of looping', async ({
  page,
  admin,
}) => {
  await signIn(page, admin.email, admin.password);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();

  // What an upgraded server answers for a chunk of the old build: 404.
  const gone = /\/assets\/EventsPage-[^/]+\.js$/;
  await page.route(gone, (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' }),
  );
  let loads = 0;
  page.on('load', () => loads++);

  await nav(page, 'Events').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outpost was updated' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Loading the new version…');
  // The reload fetches the new index.html; here the chunk is still missing, so no second reload.
  await expect(page.getByRole('heading', { level: 1, name: 'This page could not be loaded' })).toBeVisible();
  expect(page.url()).toMatch(/\/events$/);
  await page.waitForTimeout(2_500);
  expect(loads).toBe(1);

  await page.unroute(gone);
  await page.getByRole('button', { name: 'Reload', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
});

test('the live feed is one Tab stop: arrow keys move within it, Tab leaves it and comes back to the same row', async ({
  page,
  outpost,
  admin,
}) => {
  const login = (await (
    await fetch(`${outpost.url}/api/rpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    })
  ).json()) as { token: string };
  const source = (await (
    await fetch(`${outpost.url}/api/rpc/sources.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ kind: 'webhook', name: 'Gate', config: {} }),
    })
  ).json()) as { id: string; token: string };
  for (let i = 1; i <= 4; i++) {
    const posted = await fetch(`${outpost.url}/api/ingest/${source.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${source.token}` },
      body: JSON.stringify({ message: `Gate ${i} opened`, severity: 'info', device: `gate-${i}` }),
    });
    expect(posted.status).toBe(202);
  }

  await signIn(page, admin.email, admin.password);
  await nav(page, 'Events').click();
  const feed = page.getByRole('list', { name: 'Events' });
  await expect(feed.getByRole('button')).toHaveCount(4);
  // Named by what it shows: severity, time, message, device.
  await expect(feed.getByRole('button', { name: /^Info .+ Gate 4 opened gate-4$/ })).toBeVisible();
  await expect(feed.locator('button[tabindex="0"]')).toHaveCount(1);

  await feed.getByRole('button').first().focus();
  await page.keyboard.press('ArrowDown');
  const second = feed.getByRole('button').nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('tabindex', '0');
  await expect(feed.locator('button[tabindex="0"]')).toHaveCount(1);

  await page.keyboard.press('Tab');
  await expect(feed.locator('button:focus')).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(second).toBeFocused();
});
