import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { ADMIN, startOutpost, type OutpostServer } from '../support/outpost-server.js';
import { signIn } from '../support/sign-in.js';

/**
 * Every button, link and select of the main landmark is whole on screen horizontally: inside the
 * viewport and not clipped by a scrolling ancestor such as a table's wrapper (the page may scroll down).
 */
async function expectActionsInside(page: Page): Promise<void> {
  const clipped = await page
    .locator('main button:visible, main a:visible, main select:visible')
    .evaluateAll((elements) =>
      elements
        .filter((e) => {
          // React Aria's Select keeps a hidden native select for forms; nobody sees or reaches it.
          if (e.closest('[aria-hidden="true"]')) return false;
          const r = e.getBoundingClientRect();
          if (r.left < -1 || r.right > document.documentElement.clientWidth + 1) return true;
          for (let a = e.parentElement; a; a = a.parentElement) {
            if (getComputedStyle(a).overflowX === 'visible') continue;
            const box = a.getBoundingClientRect();
            if (r.left < box.left - 1 || r.right > box.right + 1) return true;
          }
          return false;
        })
        .map((e) => e.getAttribute('aria-label') ?? e.textContent),
    );
  expect(clipped).toEqual([]);
}

// Each test starts its own server (fixture setup counts against the timeout) on a shared two-core machine.
test.describe.configure({ timeout: 150_000 });

test.describe('first run', () => {
  let server: OutpostServer;
  test.beforeEach(async () => {
    server = await startOutpost({ createAdmin: false });
  });
  test.afterEach(async () => {
    await server.stop();
  });

  test('a fresh installation offers to create the first admin once, by keyboard alone', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Create the first admin' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);

    // Keyboard only: Tab into each field, type, and submit with Enter.
    await page.getByLabel('Name (optional)').focus();
    await page.keyboard.type('Ada Admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ada@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('short');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('12 characters');
    await page.getByLabel('Password', { exact: true }).fill('');
    await page.getByLabel('Password', { exact: true }).focus();
    await page.keyboard.type('a-long-enough-password');
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
    await expect(page.getByText('Welcome, Ada Admin.')).toBeVisible();
    await context.close();

    // A second visit, in a fresh browser profile: the offer is gone; sign-in works with the new account.
    const second = await browser.newContext({ baseURL: server.url });
    const again = await second.newPage();
    await again.goto('/');
    await expect(again.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(again.getByRole('heading', { name: 'Create the first admin' })).toHaveCount(0);
    await signIn(again, 'ada@example.com', 'a-long-enough-password');
    await second.close();
    expect(server.output()).toContain('to create the first admin');
  });
});

test('`outpost demo` opens on a populated Home, the sample named as such', async ({ browser }) => {
  const server = await startOutpost({ command: 'demo', extraArgs: ['--minutes', '1'] });
  try {
    await expect.poll(() => server.output()).toContain('The sample site "Sample harbour depot" is loaded');
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    const sample = page.getByRole('region', { name: 'Sample site' });
    await expect(sample.getByText('Sample harbour depot')).toBeVisible();
    await expect(sample.getByRole('button', { name: 'Remove sample site' })).toBeVisible();
    await expect(page.getByRole('region', { name: /^Spiking and new groups/ }).getByRole('listitem')).not.toHaveCount(
      0,
    );
    await context.close();
  } finally {
    await server.stop();
  }
});

test('Home shows the sample site’s alerts, the navigation counts them, and the sample goes in one click', async ({
  page,
  admin,
}) => {
  // The sample's reefer overheats 80 s into its stream (SAMPLE_SCRIPT.reeferAlarm): a critical alert.
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 800, height: 600 });
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(page.getByText('Nothing sends events yet.')).toBeVisible();
  const count = page.getByTestId('open-alert-count');
  await expect(count).toHaveCount(0);

  await page.getByRole('button', { name: 'Load sample site' }).press('Enter');
  await expect(page.getByText('The sample site is loaded')).toBeVisible();
  // Alerts open as the sample's events arrive; the count in the navigation follows without a reload.
  await expect(count).toBeVisible({ timeout: 120_000 });
  const nav = page.locator('nav[aria-label="Primary"]');
  await expect(nav.getByRole('link', { name: /^Home \d+ open alerts?$/ })).toBeVisible();
  const alerts = page.getByRole('region', { name: /^Alerts/ });
  await expect(alerts.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sites with problems' }).getByRole('row')).not.toHaveCount(0);
  await expectActionsInside(page);

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Remove sample site' }).click();
  await expect(page.getByText('The sample site and everything it made were removed.')).toBeVisible();
  await expect(count).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Load sample site' })).toBeVisible();
});

test('an admin invites a user who sets a password through the link; role, reset and disable take effect', async ({
  page,
  admin,
  browser,
  outpost,
}) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await signIn(page, admin.email, admin.password);
  await page.goto('/settings/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  const invite = page.getByRole('region', { name: 'Invite a user' });
  await invite.getByLabel('Email').fill('not-an-email');
  await invite.getByRole('button', { name: 'Invite user' }).click();
  await expect(invite.getByText(/Email/).and(page.locator('.field-error'))).toBeVisible();
  await invite.getByLabel('Email').fill('tom@example.com');
  await invite.getByLabel('Name (optional)').fill('Tom Tech');
  await invite.getByRole('button', { name: /Role/ }).click();
  await page.getByRole('option', { name: /^Technician/ }).click();
  await expect(invite.getByRole('button', { name: /Role/ })).toContainText('Technician');
  await invite.getByRole('button', { name: 'Invite user' }).click();
  const link = await page.getByTestId('one-time-link').textContent();
  expect(link).toMatch(/\/set-password#[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole('row').filter({ hasText: 'Tom Tech' });
  await expect(row).toContainText('Invited, no password yet');
  await expectActionsInside(page);

  // The invited user opens the link in their own browser, sets a password, and is signed in.
  const theirs = await browser.newContext({ baseURL: outpost.url });
  const tom = await theirs.newPage();
  await tom.goto(link!.replace(outpost.url, ''));
  await expect(tom.getByRole('heading', { name: 'Set your password' })).toBeVisible();
  await expect(tom.getByText('tom@example.com')).toBeVisible();
  await tom.getByLabel('New password').fill('toms-own-password-123');
  await tom.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(tom.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(tom).toHaveURL((url) => url.pathname === '/' && url.hash === '');
  // The link works once.
  await tom.evaluate(() => localStorage.clear());
  await tom.goto(link!.replace(outpost.url, ''));
  await expect(tom.getByRole('alert')).toContainText(/link/i);

  // Role change by keyboard alone: open the list, go up to Viewer, pick it, then the Save button that appears.
  await page.reload();
  const roleOfTom = page.getByRole('button', { name: /Role of Tom Tech/ });
  await expect(roleOfTom).toContainText('Technician');
  await roleOfTom.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('option', { name: 'Technician' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('option', { name: 'Viewer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await expect(roleOfTom).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Save role of Tom Tech' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'tom@example.com is now viewer.' })).toBeVisible();
  await expect(roleOfTom).toContainText('Viewer');
  await expect(page.getByRole('button', { name: 'Save role of Tom Tech' })).toHaveCount(0);

  // Reset asks first; Escape says no and gives focus back to the button, which asks again.
  const reset = page.getByRole('button', { name: 'Reset password of Tom Tech' });
  await reset.click();
  const askReset = page.getByRole('alertdialog', { name: 'Reset the password of tom@example.com?' });
  await expect(askReset).toContainText('Their password and sessions end at once.');
  await expect(askReset.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(askReset).toHaveCount(0);
  await expect(reset).toBeFocused();
  await expect(page.getByTestId('one-time-link')).toHaveCount(0);
  // By keyboard alone: Tab from Cancel to the action, Enter. A new link.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(askReset.getByRole('button', { name: 'Reset password' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(askReset).toHaveCount(0);
  await expect(page.getByTestId('one-time-link')).toContainText('/set-password#');
  // Disable asks too; Cancel leaves the account as it was; yes and Tom cannot sign in.
  await page.getByRole('button', { name: 'Disable Tom Tech' }).click();
  const askDisable = page.getByRole('alertdialog', { name: 'Disable tom@example.com?' });
  await askDisable.getByRole('button', { name: 'Cancel' }).click();
  await expect(askDisable).toHaveCount(0);
  await expect(row).not.toContainText('Disabled');
  await page.getByRole('button', { name: 'Disable Tom Tech' }).click();
  await expect(askDisable).toContainText('They are signed out at once and cannot sign in.');
  await askDisable.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await tom.goto('/');
  await tom.getByLabel('Email', { exact: true }).fill('tom@example.com');
  await tom.getByLabel('Password', { exact: true }).fill('toms-own-password-123');
  await tom.getByRole('button', { name: 'Sign in' }).click();
  await expect(tom.getByRole('alert')).toBeVisible();
  await theirs.close();
});

test('a site is edited, and removed after the dialog says what goes with it', async ({ page, admin }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await signIn(page, admin.email, admin.password);
  await page.goto('/settings/sites');
  await page.getByLabel('Name', { exact: true }).fill('North Depot');
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'North Depot' })).toHaveCount(1);
  await page.getByLabel('Name', { exact: true }).fill('South Yard');
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'South Yard' })).toHaveCount(1);

  const edit = page.getByRole('button', { name: 'Edit site North Depot' });
  await edit.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Edit North Depot' });
  await expect(dialog).toBeVisible();
  // Focus starts on Close and stays in the dialog: Shift+Tab wraps round to its last button.
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Save site' })).toBeFocused();
  await dialog.getByLabel('Name', { exact: true }).fill('North Quay');
  await dialog.getByLabel('Time zone').fill('Not/AZone');
  await dialog.getByRole('button', { name: 'Save site' }).click();
  await expect(dialog.locator('.field-error')).toContainText('Time zone');
  await dialog.getByLabel('Time zone').fill('Europe/Oslo');
  await dialog.getByLabel('Time zone').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: 'North Quay' })).toContainText('Europe/Oslo');
  // Saved, the dialog gives focus back to the button that opened it.
  await expect(page.getByRole('button', { name: 'Edit site North Quay' })).toBeFocused();

  await page.getByRole('button', { name: 'Remove site North Quay' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove North Quay?' });
  await expect(remove.getByText('The site holds nothing else.')).toBeVisible();
  // Escape closes it without removing anything.
  await page.keyboard.press('Escape');
  await expect(remove).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: 'North Quay' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Remove site North Quay' })).toBeFocused();

  await page.getByRole('button', { name: 'Remove site North Quay' }).click();
  await remove.getByLabel('Type north-depot to confirm').fill('wrong');
  await remove.getByRole('button', { name: 'Remove site' }).click();
  await expect(remove.getByRole('alert')).toContainText('north-depot');
  await remove.getByLabel('Type north-depot to confirm').fill('north-depot');
  await remove.getByLabel('Type north-depot to confirm').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Removed the site “North Quay”' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'North Quay' })).toHaveCount(0);
  // Its Remove button went with the row: focus moves to the next row's, not to the top of the page.
  await expect(page.getByRole('button', { name: 'Remove site South Yard' })).toBeFocused();

  // The last site, by keyboard alone: the table goes, and focus lands on the page's heading.
  await page.keyboard.press('Enter');
  const removeLast = page.getByRole('dialog', { name: 'Remove South Yard?' });
  await expect(removeLast.getByText('The site holds nothing else.')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(removeLast.getByLabel('Type south-yard to confirm')).toBeFocused();
  await page.keyboard.type('south-yard');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Removed the site “South Yard”' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Sites' })).toBeFocused();
});

test('an alert rule is edited in place', async ({ page, admin }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await signIn(page, admin.email, admin.password);
  await page.goto('/dashboard');
  const rules = page.getByRole('region', { name: 'Alert rules' });
  await rules.getByLabel('Rule type').selectOption('device-silent');
  await rules.getByLabel('Name', { exact: true }).fill('Gate quiet');
  await rules.getByLabel('Device').fill('gate-1');
  await rules.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules.getByRole('row').filter({ hasText: 'Gate quiet' })).toContainText(
    'gate-1 sends nothing for 15 min',
  );
  await rules.getByLabel('Rule type').selectOption('new-group');
  await rules.getByLabel('Name', { exact: true }).fill('Door trouble');
  await rules.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules.getByRole('row').filter({ hasText: 'Door trouble' })).toHaveCount(1);

  await rules.getByRole('button', { name: 'Edit rule Gate quiet' }).press('Enter');
  await expect(rules.getByRole('heading', { name: 'Edit the rule “Gate quiet”' })).toBeFocused();
  await expect(rules.getByLabel('Device')).toHaveValue('gate-1');
  await rules.getByLabel('Silent for (minutes)').fill('30');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  await expect(rules.getByRole('row').filter({ hasText: 'Gate quiet' })).toContainText(
    'gate-1 sends nothing for 30 min',
  );
  await expect(rules.getByRole('button', { name: 'Add rule' })).toBeVisible();
  await expect(rules.getByRole('row').filter({ hasText: 'Gate quiet' })).toHaveCount(1);

  // Deleting asks first; Escape keeps the rule, yes deletes it.
  await rules.getByRole('button', { name: 'Delete rule Gate quiet' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Delete the rule “Gate quiet”?' });
  await expect(ask).toContainText('Alerts it raised stay.');
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(rules.getByRole('row').filter({ hasText: 'Gate quiet' })).toHaveCount(1);
  await rules.getByRole('button', { name: 'Delete rule Gate quiet' }).click();
  await ask.getByRole('button', { name: 'Delete rule' }).click();
  await expect(rules.getByRole('row').filter({ hasText: 'Gate quiet' })).toHaveCount(0);
  // The last row went: focus moves to the Delete of the row above it, not to the top of the page.
  await expect(rules.getByRole('button', { name: 'Delete rule Door trouble' })).toBeFocused();

  // By keyboard alone: the confirmation starts on Cancel; Tab, Enter deletes; with no rule left the
  // table goes, and focus lands on its heading.
  await page.keyboard.press('Enter');
  const askLast = page.getByRole('alertdialog', { name: 'Delete the rule “Door trouble”?' });
  await expect(askLast.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(askLast.getByRole('button', { name: 'Delete rule' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rules.getByText('No alert rules yet.')).toBeVisible();
  await expect(rules.getByRole('heading', { name: 'Alert rules' })).toBeFocused();
});
