import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';

// A real 1×1 PNG: small enough to inline, and a browser decodes it to naturalWidth 1.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Webhook {
  url: string;
  token: string;
}

async function go(page: Page, link: string): Promise<void> {
  await page.locator('nav[aria-label="Primary"]').getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: link, exact: true })).toBeVisible();
}

/** Posts like a device would: from outside the browser, with the source token. */
async function post(webhook: Webhook, body: string | FormData, json = true): Promise<string> {
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${webhook.token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const text = await response.text();
  expect(response.status, text).toBe(202);
  return (JSON.parse(text) as { id: string }).id;
}

const postJson = (webhook: Webhook, event: Record<string, unknown>) => post(webhook, JSON.stringify(event));

function feedRow(page: Page, severity: string, message: string): Locator {
  // Rows are named by their visible text: "<Severity> <time> <message>", then device, label, "Acknowledged".
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByRole('list', { name: 'Events' })
    .getByRole('button', { name: new RegExp(`^${severity} .+ ${escaped}( .*)?$`) });
}

test('a webhook event flows to the live feed, the drawer with its snapshot, the dashboard, an alert and search', async ({
  page,
  admin,
}) => {
  await signIn(page, admin.email, admin.password);

  // Settings → Sources: add a webhook; its URL and token are shown once.
  await go(page, 'Settings');
  await page.locator('nav[aria-label="Settings"]').getByRole('link', { name: 'Sources', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sources', exact: true })).toBeVisible();
  await expect(page.getByLabel('Kind', { exact: true })).toHaveValue('webhook');
  await page.getByLabel('Name', { exact: true }).fill('Gate cameras');
  await page.getByRole('button', { name: 'Add source' }).click();
  await expect(page.getByRole('heading', { name: 'Webhook “Gate cameras” is ready' })).toBeVisible();
  const webhook: Webhook = {
    url: await page.getByLabel('Ingest URL', { exact: true }).inputValue(),
    token: await page.getByLabel('Token', { exact: true }).inputValue(),
  };
  expect(webhook.url).toMatch(/\/api\/ingest\/[0-9A-Z]{26}$/);
  expect(webhook.token).not.toBe('');
  await page.getByRole('button', { name: 'I have copied the token' }).click();
  await expect(page.getByLabel('Token', { exact: true })).toHaveCount(0);

  // Events: both posts appear in the live feed without a reload.
  await go(page, 'Events');
  await postJson(webhook, { message: 'Door 12 forced open at north gate', severity: 'error', device: 'door-12' });
  const form = new FormData();
  form.append('event', JSON.stringify({ message: 'Person at gate 2', label: 'person', kind: 'detection' }));
  form.append('snapshot', new Blob([PNG], { type: 'image/png' }), 'snap.png');
  await post(webhook, form, false);
  await expect(feedRow(page, 'Error', 'Door 12 forced open at north gate')).toBeVisible();
  const personRow = feedRow(page, '\\w+', 'Person at gate 2');
  await expect(personRow).toBeVisible();

  // The drawer shows the snapshot (from a short-lived signed link) and acknowledges the event.
  await personRow.click();
  const drawer = page.getByRole('dialog', { name: 'Person at gate 2' });
  await expect(drawer).toBeVisible();
  const image = drawer.getByRole('img', { name: /^Snapshot at / });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect(image).toHaveAttribute('src', /^\/api\/media\/[0-9A-Z]{26}\?t=/);
  await drawer.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await expect(drawer.getByRole('button', { name: 'Acknowledge', exact: true })).toHaveCount(0);
  await expect(drawer.getByText('Not yet', { exact: true })).toHaveCount(0);
  await drawer.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(drawer).toHaveCount(0);
  await expect(personRow).toContainText('Acknowledged');

  // Dashboard: the error's group, with its count.
  await go(page, 'Dashboard');
  const groups = page.getByRole('table', { name: 'Groups' });
  const doorGroup = groups.getByRole('row').filter({ hasText: 'forced open at north gate' });
  await expect(doorGroup).toHaveCount(1);
  await expect(doorGroup.getByRole('cell').nth(1)).toHaveText('Error');
  await expect(doorGroup.getByRole('cell').nth(2)).toHaveText('1');

  // An alert rule "severity at least error", then another error opens an alert.
  const ruleForm = page.getByRole('form', { name: 'Add a rule' });
  await ruleForm.getByLabel('Rule type', { exact: true }).selectOption('severity');
  await ruleForm.getByLabel('Name', { exact: true }).fill('Errors need a look');
  await ruleForm.getByLabel('Event severity at least', { exact: true }).selectOption('error');
  await ruleForm.getByRole('button', { name: 'Add rule' }).click();
  await expect(ruleForm.getByRole('status')).toHaveText('Added the rule “Errors need a look”.');
  await expect(
    page.getByRole('table', { name: 'Alert rules' }).getByRole('row', { name: /Errors need a look/ }),
  ).toHaveCount(1);

  await postJson(webhook, { message: 'Recorder nvr-1 lost disk 2', severity: 'error', device: 'nvr-1' });
  const open = page.getByRole('list', { name: 'Open alerts' });
  const alert = open.getByRole('listitem').filter({ hasText: 'Recorder nvr-1 lost disk 2' });
  await expect(alert).toHaveCount(1);
  await alert.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await expect(alert).toHaveCount(0);
  await page.getByRole('tab', { name: 'Acknowledged', exact: true }).click();
  const acknowledged = page
    .getByRole('list', { name: 'Acknowledged alerts' })
    .getByRole('listitem')
    .filter({ hasText: 'Recorder nvr-1 lost disk 2' });
  await expect(acknowledged).toHaveCount(1);
  await expect(acknowledged).toContainText(`acknowledged`);

  // Search finds the first event by a word of its message.
  await go(page, 'Events');
  await page.getByLabel('Search events and groups', { exact: true }).fill('forced');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('button', { name: /^Error .+ Door 12 forced open at north gate$/ })).toBeVisible();
});
