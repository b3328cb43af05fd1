import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { seedSite } from '../support/seeded-site.js';
import { signIn } from '../support/sign-in.js';

/**
 * Issue 10, item 4: at 800×600 every action button of every page can be reached on screen (scrolled
 * to vertically, never cut off sideways), and the sidebar collapses and stays collapsed.
 */
const WIDTH = 800;
const HEIGHT = 600;

async function settled(page: Page, heading: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading|^Checking|^Searching/ })).toHaveCount(0);
}

/** Every visible button (and link styled as one) is wholly inside the 800×600 window once scrolled to. */
async function buttonsFit(page: Page, what: string): Promise<void> {
  const buttons = page.locator('button:visible, a.button:visible, [role="tab"]:visible');
  const count = await buttons.count();
  expect(count, `${what} has buttons`).toBeGreaterThan(0);
  const outside: string[] = [];
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i);
    // Rows of a virtualised list are re-rendered as it scrolls (the nth button changes under the
    // scroll); the list's box itself is checked by the sideways pass below.
    if (await button.evaluate((el) => el.closest('.overlay-list-scroll') !== null)) continue;
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    if (!box || box.width === 0) continue;
    if (box.x < 0 || box.y < 0 || box.x + box.width > WIDTH + 0.5 || box.y + box.height > HEIGHT + 0.5) {
      const name = (await button.getAttribute('aria-label')) ?? (await button.innerText()).trim();
      outside.push(`“${name}” at x ${Math.round(box.x)}–${Math.round(box.x + box.width)}, y ${Math.round(box.y)}`);
    }
  }
  expect.soft(outside, `buttons of ${what} outside 800×600`).toEqual([]);
  // What sticks out, innermost first, so a failure names the element to fix.
  const wide = await page.evaluate((width) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (
        r.right > width + 0.5 &&
        r.width > 0 &&
        ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)
      ) {
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right ${Math.round(r.right)})`);
      }
    }
    return out.slice(0, 8);
  }, WIDTH);
  expect.soft(wide, `${what} sticks out sideways`).toEqual([]);
}

test('at 800×600 every page keeps its action buttons on screen, and the sidebar collapses', async ({
  page,
  outpost,
  admin,
}) => {
  test.setTimeout(240_000);
  const seeded = await seedSite(outpost.url);
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await signIn(page, admin.email, admin.password);

  await test.step('the sidebar collapses, and stays collapsed after a reload', async () => {
    const nav = page.locator('nav[aria-label="Primary"]');
    const toggle = page.getByRole('button', { name: 'Navigation' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Events' })).toBeHidden();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Navigation' })).toHaveAttribute('aria-expanded', 'false');
    await page.getByRole('button', { name: 'Navigation' }).click();
    await expect(nav.getByRole('link', { name: 'Events' })).toBeVisible();
  });

  const pages: [string, string | RegExp, (() => Promise<void>)?][] = [
    ['/', 'Home'],
    ['/events', 'Events'],
    ['/dashboard', 'Dashboard'],
    [`/dashboard/groups/${seeded.groupId}`, 'Group'],
    [`/map?site=${seeded.siteId}`, 'Map'],
    [`/map?site=${seeded.siteId}&tab=edit`, 'Map'],
    [`/map?site=${seeded.siteId}&tab=releases`, 'Map'],
    [`/map?site=${seeded.siteId}&tab=status`, 'Map'],
    ['/settings', 'Settings'],
    ['/settings/sites', /Sites/],
    ['/settings/sources', /Sources/],
    ['/settings/tunnels', /Tunnels/],
    ['/settings/storage', /Storage/],
  ];
  for (const [path, heading] of pages) {
    await test.step(path, async () => {
      await page.goto(path);
      await settled(page, heading);
      await buttonsFit(page, path);
    });
  }

  await test.step('alerts: Acknowledge and Resolve', async () => {
    await page.goto('/dashboard');
    await settled(page, 'Dashboard');
    await expect(page.getByRole('button', { name: /^Acknowledge/ }).first()).toBeVisible();
    await buttonsFit(page, 'the dashboard with an open alert');
  });

  await test.step('the event drawer', async () => {
    await page.goto('/events');
    await settled(page, 'Events');
    await page
      .getByRole('list', { name: 'Events' })
      .getByRole('button', { name: /Door 12 forced open/ })
      .click();
    const drawer = page.getByRole('dialog', { name: /Door 12 forced open/ });
    await expect(drawer).toBeVisible();
    const box = await drawer.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH + 0.5);
    await expect(drawer.getByRole('button', { name: 'Close' })).toBeInViewport();
  });
});
