import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { runOutpost } from '../support/outpost-server.js';

const PAGES = [
  { link: 'Home', path: '/' },
  { link: 'Map', path: '/map' },
  { link: 'Events', path: '/events' },
  { link: 'Dashboard', path: '/dashboard' },
  { link: 'Jobs', path: '/jobs' },
  { link: 'Settings', path: '/settings' },
] as const;

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign in, visit every page, create a site, and keep both after a reload', async ({ page, admin }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible();

  await signIn(page, admin.email, admin.password);

  const nav = page.locator('nav[aria-label="Primary"]');
  await expect(nav).toBeVisible();
  for (const { link } of PAGES) {
    await expect(nav.getByRole('link', { name: link, exact: true })).toBeVisible();
  }
  for (const { link, path } of PAGES) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === path);
    await expect(page.getByRole('heading', { level: 1, name: link, exact: true })).toBeVisible();
  }

  // Settings → Sites, through the settings navigation.
  await page.locator('nav[aria-label="Settings"]').getByRole('link', { name: 'Sites', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/settings/sites');
  await expect(page.getByRole('heading', { level: 1, name: 'Sites', exact: true })).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('North Depot');
  await page.getByLabel('Slug', { exact: true }).fill('north-depot');
  await page.getByLabel('Time zone', { exact: true }).fill('Europe/Paris');
  await page.getByLabel('Address', { exact: true }).fill('1 Quay Road');
  await page.getByRole('button', { name: 'Create site' }).click();

  const table = page.getByRole('table');
  const row = table.getByRole('row').filter({ hasText: 'North Depot' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell')).toHaveText([
    'North Depot',
    'north-depot',
    'Europe/Paris',
    '1 Quay Road',
    'EditRemove',
  ]);

  await page.reload();
  await expect(page).toHaveURL((url) => url.pathname === '/settings/sites');
  await expect(page.getByRole('heading', { level: 1, name: 'Sites', exact: true })).toBeVisible();
  await expect(page.locator('nav[aria-label="Primary"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'North Depot' })).toHaveCount(1);
});

test('a wrong password shows an alert and does not sign in', async ({ page, admin }) => {
  await page.goto('/');
  await signIn(page, admin.email, 'not-the-right-password');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await expect(page.locator('nav[aria-label="Primary"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('keyboard only: Tab reaches Email then Password, and Enter signs in', async ({ page, admin }) => {
  await page.goto('/');
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();

  const email = page.getByLabel('Email', { exact: true });
  // The field may be autofocused: start from nothing focused so Tab really has to reach it.
  await email.blur();
  for (let i = 0; i < 20 && !(await email.evaluate((el) => el.matches(':focus'))); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(email).toBeFocused();
  await page.keyboard.type(admin.email);

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(admin.password);
  await page.keyboard.press('Enter');

  await expect(page.locator('nav[aria-label="Primary"]')).toBeVisible();
});

test('signs in to another organisation, which the page remembers', async ({ page, outpost }) => {
  const user = { email: 'ops@acme.example', password: 'acme organisation password' };
  await runOutpost(['tenant', 'add', '--slug', 'acme', '--name', 'Acme', '--data-dir', outpost.dataDir]);
  await runOutpost(
    ['user', 'add', '--tenant', 'acme', '--email', user.email, '--role', 'viewer', '--password-stdin'].concat([
      '--data-dir',
      outpost.dataDir,
    ]),
    { stdin: `${user.password}\n` },
  );
  await page.goto('/');
  // Without the organisation the account is not found: the same answer as a wrong password.
  await signIn(page, user.email, user.password);
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.getByLabel('Organisation (optional)').fill('acme');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('nav[aria-label="Primary"]')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Organisation (optional)')).toHaveValue('acme');
});
