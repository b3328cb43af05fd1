import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';

/**
 * Settings → Tenants in Chromium at 800×600 against a real `outpost serve` (its own data folder):
 * the installation's first admin creates a tenant with its first admin by keyboard alone, sees a
 * refused field beside itself with focus on it, disables and enables the tenant; that tenant's admin
 * (no installation admin) is shown neither the section nor the tenants.
 */

test.use({ viewport: { width: 800, height: 600 } });
test.describe.configure({ timeout: 150_000 });

async function scan(page: Page, what: string): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

test('an installation admin creates, disables and enables a tenant by keyboard; its own admin sees no tenants', async ({
  page,
  outpost,
  admin,
}) => {
  await signIn(page, admin.email, admin.password);

  // No site yet: Settings → Sync says so as a hint, not as a failure.
  await page.goto('/settings/sync');
  await expect(page.getByTestId('sync-no-site')).toContainText('No site yet');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Tenants' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Tenants' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText('(yours)');
  await scan(page, 'Settings → Tenants');

  // Keyboard only: the slug follows the name; a short password is refused beside its field, with focus on it.
  const form = page.getByRole('region', { name: 'New tenant' });
  await form.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.type('Acme Logistics');
  await expect(form.getByLabel('Slug')).toHaveValue('acme-logistics');
  await page.keyboard.press('Tab'); // slug
  await page.keyboard.press('Tab'); // "Create its first admin now", on
  await page.keyboard.press('Tab');
  await page.keyboard.type('ops@acme.example');
  await page.keyboard.press('Tab'); // admin name, left empty
  await page.keyboard.press('Tab');
  await page.keyboard.type('short');
  await page.keyboard.press('Enter');
  const password = form.getByLabel('Admin password');
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/12 characters/);
  await expect(form.getByRole('alert')).toContainText('Check one field: Admin password must be at least 12 characters');
  await password.fill('acme organisation password');
  await password.press('Enter');
  await expect(form.getByRole('status')).toContainText(
    'Created the tenant “Acme Logistics” with its admin ops@acme.example',
  );
  await expect(form.getByRole('alert')).toHaveCount(0);
  const acme = table.getByRole('row', { name: /Acme Logistics/ });
  await expect(acme).toContainText('acme-logistics');
  await expect(acme.getByRole('cell').first()).toHaveText('1');

  // The same slug again: the server's answer stands in the alert, the form keeps what was typed.
  await form.getByLabel('Name', { exact: true }).fill('Acme Logistics');
  await form.getByLabel('Create its first admin now').uncheck();
  await form.getByRole('button', { name: 'Create tenant' }).press('Enter');
  await expect(form.getByRole('alert')).toContainText("A tenant with slug 'acme-logistics' already exists");
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Acme Logistics');

  // Disabled after a confirmation whose focus starts on Cancel; its admin can no longer sign in.
  await acme.getByRole('button', { name: 'Disable Acme Logistics' }).press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Disable Acme Logistics?' });
  await expect(confirm).toContainText('signed out at once');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Acme Logistics is disabled.' })).toBeVisible();
  await expect(acme).toContainText('Disabled since');
  const refused = await fetch(`${outpost.url}/api/rpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'ops@acme.example',
      password: 'acme organisation password',
      tenant: 'acme-logistics',
    }),
  });
  expect(refused.ok).toBe(false);

  await acme.getByRole('button', { name: 'Enable Acme Logistics' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Acme Logistics is enabled again.' })).toBeVisible();
  await expect(acme).toContainText('Active');
  await scan(page, 'Settings → Tenants after changes');

  // The new tenant's admin manages its users but is no installation admin: no Tenants section, no list.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Organisation (optional)').fill('acme-logistics');
  await signInAgain(page, 'ops@acme.example', 'acme organisation password');
  await page.goto('/settings/users');
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Tenants' })).toHaveCount(
    0,
  );
  await page.goto('/settings/tenants');
  await expect(page.getByText("Tenants are managed by the installation's admins.")).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tenants' })).toHaveCount(0);
});

/** The sign-in form as it stands (the organisation already filled in). */
async function signInAgain(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Primary' })).toBeVisible();
}
