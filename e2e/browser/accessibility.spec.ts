import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { seedSite } from '../support/seeded-site.js';
import { signIn } from '../support/sign-in.js';

/**
 * axe-core over every page, each with data in it (seeded through the API: a site with a published
 * map, sources, events and error groups, alerts), in the states a user meets: the events drawer
 * open, the map editor with its import dialog, every map tab, the wall board. Serious and critical
 * violations fail the test; the message lists each with the elements it found.
 */
async function scan(page: Page, what: string): Promise<void> {
  // Nothing still loading: the page is judged as the user sees it once it settled.
  await expect(page.getByRole('status').filter({ hasText: /^Loading|^Checking/ })).toHaveCount(0);
  // axe's default rules, and the one it still marks experimental that the feed rows once failed:
  // an accessible name must contain the visible text (WCAG 2.5.3).
  const { violations } = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

async function open(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('every page with data has no serious or critical accessibility violation', async ({ page, outpost, admin }) => {
  test.setTimeout(240_000);
  const seeded = await seedSite(outpost.url);
  const site = `site=${seeded.siteId}`;

  await test.step('sign-in', async () => {
    await open(page, '/', 'Sign in to Outpost');
    await scan(page, 'the sign-in page');
    await signIn(page, admin.email, admin.password);
  });

  await test.step('home', async () => {
    await open(page, '/', 'Home');
    await expect(page.getByRole('region', { name: /^Alerts/ }).getByRole('listitem')).not.toHaveCount(0);
    await scan(page, 'Home');
  });

  await test.step('events, with the drawer open', async () => {
    await open(page, '/events', 'Events');
    const feed = page.getByRole('list', { name: 'Events' });
    await expect(feed.getByRole('button', { name: /Door 12 forced open/ })).toBeVisible();
    await scan(page, 'Events');
    await feed.getByRole('button', { name: /Person at gate 2/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Person at gate 2' });
    // A signed link (`<img>` cannot send a header); the scan waits for the picture itself.
    await expect(drawer.locator('img')).toHaveAttribute('src', /^\/api\/media\/[0-9A-Z]{26}\?t=/);
    await expect
      .poll(() => drawer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    await scan(page, 'Events with the drawer open');
  });

  await test.step('dashboard and a group', async () => {
    await open(page, '/dashboard', 'Dashboard');
    await expect(page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /full/ })).not.toHaveCount(0);
    await scan(page, 'Dashboard');
    await open(page, `/dashboard/groups/${seeded.groupId}`, 'Group');
    await scan(page, 'a group');
  });

  await test.step('map: view, edit (and its import dialog), releases, status', async () => {
    await open(page, `/map?${site}`, 'Map');
    await expect(page.getByRole('application', { name: /Live map/ })).toBeVisible();
    await expect(page.locator('.map-overlay-host [data-status="ok"]').first()).toBeAttached();
    await scan(page, 'Map, view');

    await open(page, `/map?${site}&tab=edit`, 'Map');
    await expect(page.getByRole('complementary', { name: 'Overlay editing' })).toBeVisible();
    await scan(page, 'Map, edit');
    await page.getByRole('button', { name: 'Import overlays…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan(page, 'Map, edit, import dialog');
    await page.keyboard.press('Escape');

    await open(page, `/map?${site}&tab=releases`, 'Map');
    await expect(page.getByRole('table', { name: /Releases/ }).getByRole('row')).not.toHaveCount(0);
    await scan(page, 'Map, releases');

    await open(page, `/map?${site}&tab=status`, 'Map');
    await expect(page.getByRole('tabpanel')).toBeVisible();
    await scan(page, 'Map, status');
  });

  await test.step('settings, jobs', async () => {
    await open(page, '/settings', 'Settings');
    await scan(page, 'Settings');
    await open(page, '/settings/sites', /Sites/);
    await expect(page.getByText('North Depot').first()).toBeVisible();
    await scan(page, 'Settings, sites');
    await page.getByRole('button', { name: 'Remove site North Depot' }).click();
    await expect(page.getByTestId('removal-impact')).toBeVisible();
    await scan(page, 'Settings, sites, the removal dialog');
    await page.keyboard.press('Escape');
    await open(page, '/settings/users', /Users/);
    await expect(page.getByRole('row').filter({ hasText: admin.email })).toBeVisible();
    await scan(page, 'Settings, users');
    await open(page, '/settings/sources', /Sources/);
    await expect(page.getByText('Yard cameras (MQTT)')).toBeVisible();
    await scan(page, 'Settings, sources');
    await open(page, '/jobs', /Jobs|Analysis/);
    await scan(page, 'Jobs');
  });

  await test.step('wall board', async () => {
    await open(page, `/wall/${seeded.slug}`, 'North Depot');
    await expect(page.locator('.map-overlay-host [data-status="ok"]').first()).toBeAttached();
    await scan(page, 'the wall board');
  });
});
