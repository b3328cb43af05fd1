import { createServer } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { ADMIN, startOutpost, type OutpostServer } from '../support/outpost-server.js';
import { rpc } from '../support/site-map-fixture.js';
import { signIn } from '../support/sign-in.js';

/**
 * The sync pages in Chromium at 800×600 against two real `outpost serve` processes on loopback (a
 * hub and a site, each with its own temporary data folder): a code made on the Hub page, the site
 * enrolled from Settings → Sync, the site and its event seen on the hub, a conflict merged by hand
 * on the site, and a revocation the site's page then reports.
 */

test.use({ viewport: { width: 800, height: 600 } });

async function scan(page: Page, what: string): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

async function pageOn(browser: Browser, server: OutpostServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  return page;
}

/** A loopback address where nothing listens: a port taken from the system, then let go. */
async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 1}`;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('a hub admin enrols a site, sees it and its events, and revokes it; the site merges a conflict', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const servers: OutpostServer[] = [];
  try {
    const hub = await startOutpost({ extraArgs: ['--role', 'hub'] });
    servers.push(hub);
    // Exchanges every 2 s, so the pages are seen to follow on their own.
    const site = await startOutpost({
      env: { OUTPOST_OUTBOUND_ALLOW: '127.0.0.0/8', OUTPOST_SYNC_INTERVAL_SECONDS: '2' },
    });
    servers.push(site);

    // The site: a site, a webhook source, and an event from it (as a camera would send).
    const { token: onSite } = await rpc<{ token: string }>(site.url, 'auth.login', ADMIN);
    await rpc(site.url, 'sites.create', { name: 'North yard', slug: 'north-yard' }, onSite);
    const source = await rpc<{ id: string; token: string }>(
      site.url,
      'sources.create',
      { kind: 'webhook', name: 'Gate cameras', config: {} },
      onSite,
    );
    const ingest = await fetch(`${site.url}/api/ingest/${source.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${source.token}` },
      body: JSON.stringify([{ message: 'Badge reader jammed at the north gate', severity: 'error' }]),
    });
    expect(ingest.status).toBe(202);

    const hubPage = await pageOn(browser, hub);
    const sitePage = await pageOn(browser, site);

    // Only the hub lists the Hub page.
    await expect(sitePage.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Hub' })).toHaveCount(
      0,
    );
    await hubPage.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Hub' }).click();
    await expect(hubPage.getByRole('heading', { level: 1, name: 'Hub' })).toBeVisible();
    await expect(hubPage.getByText('No site is enrolled yet.', { exact: false })).toBeVisible();

    // A code for the site, made by keyboard: name, a lifetime from the picker, Enter.
    const codeForm = hubPage.getByRole('form', { name: 'New enrolment code' });
    await codeForm.getByLabel('Site name').fill('North yard');
    await codeForm.getByRole('button', { name: /Valid for/ }).press('Enter');
    await hubPage.getByRole('option', { name: '7 days' }).press('Enter');
    await expect(codeForm.getByRole('button', { name: /Valid for/ })).toContainText('7 days');
    await codeForm.getByLabel('Site name').press('Enter');
    const code = (await codeForm.getByTestId('enrolment-code').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await expect(codeForm.getByText(/valid once until .*\d{4}/)).toBeVisible();
    const codes = hubPage.getByRole('region', { name: 'Enrolment codes' });
    await expect(codes.getByRole('row', { name: /North yard/ })).toContainText('Waiting, until');
    await scan(hubPage, 'the Hub page with a fresh code');

    // The site enrols from Settings → Sync, the code typed as people type it.
    await sitePage.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Settings' }).click();
    await sitePage.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Sync' }).click();
    await expect(sitePage.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
    await expect(sitePage.getByTestId('sync-state')).toHaveText('North yard is not enrolled with a hub.');
    const enrol = sitePage.getByRole('form', { name: 'Enrol with a hub' });
    // First without a network to the hub (a loopback port nobody listens on): the code is kept.
    await enrol.getByLabel('Hub address').fill(await unreachableUrl());
    await enrol.getByLabel('Enrolment code').fill(code);
    await enrol.getByLabel('Enrolment code').press('Enter');
    await expect(enrol.getByRole('status')).toHaveText(
      'Saved: the code will be used at the next connection to the hub.',
      {
        timeout: 20_000,
      },
    );
    await expect(sitePage.getByTestId('sync-state')).toHaveText('Waiting for the hub');
    // Then the right address, and a code typed the way people type it.
    await enrol.getByLabel('Hub address').fill(hub.url);
    await enrol.getByLabel('Enrolment code').fill('12345');
    await enrol.getByLabel('Enrolment code').press('Enter');
    await expect(enrol.getByLabel('Enrolment code')).toHaveAccessibleDescription(/20 letters and digits; this has 5/);
    await enrol.getByLabel('Enrolment code').fill(` ${code.toLowerCase().replace(/-/g, ' ')} `);
    await enrol.getByLabel('Enrolment code').press('Enter');
    await expect(sitePage.getByTestId('sync-state')).toHaveText('Synced', { timeout: 20_000 });
    await expect(sitePage.getByTestId('sync-progress')).toContainText('Nothing waiting to be sent.');
    await expect(sitePage.getByRole('region', { name: 'Synced' })).toContainText(/Last push.*\d{4}|Last push.*UTC/s);

    // The hub shows the site with its last sync, and the code as used.
    const row = hubPage.getByRole('row', { name: /North yard/ }).filter({ has: hubPage.getByRole('button') });
    await expect(row).toContainText('Reachable', { timeout: 20_000 });
    await expect(row.getByRole('cell').nth(1)).toContainText(/ago|just now/);
    await expect(codes.getByRole('row', { name: /North yard/ })).toContainText(/Used .* by North yard/);

    // Cross-site search finds the site's event and opens it on the Events page.
    const search = hubPage.getByRole('search', { name: 'Search every site' });
    await search.getByLabel('Words to find').fill('jammed');
    await search.getByLabel('Words to find').press('Enter');
    const hit = hubPage.getByRole('link', { name: 'Badge reader jammed at the north gate' });
    await expect(hit).toBeVisible({ timeout: 20_000 });
    await expect(hubPage.getByRole('listitem').filter({ has: hit })).toContainText('North yard');
    await scan(hubPage, 'the Hub page with a site and search results');
    await hit.click();
    await expect(hubPage).toHaveURL(/\/events\?site=[0-9A-Z]{26}&event=[0-9A-Z]{26}/);
    await expect(hubPage.getByRole('dialog')).toContainText('Badge reader jammed at the north gate');
    await hubPage.goBack();

    // The drill-down opens the ordinary pages narrowed to the site.
    await hubPage.getByRole('link', { name: 'Dashboard of North yard' }).click();
    await expect(hubPage).toHaveURL(/\/dashboard\?site=[0-9A-Z]{26}$/);
    await expect(hubPage.getByTestId('dashboard-site')).toContainText('Alerts and groups of North yard only.');
    await expect(hubPage.getByRole('region', { name: 'Groups' })).toContainText('Badge reader jammed');
    await hubPage.goBack();
    await hubPage.getByRole('link', { name: 'Map of North yard' }).click();
    await expect(hubPage).toHaveURL(/\/map\?site=[0-9A-Z]{26}/);
    await expect(hubPage.getByRole('heading', { level: 1, name: /Map/ })).toBeVisible();
    await hubPage.goBack();

    // The same source renamed on both sides: the site's page shows both versions and the common one.
    const { token: onHub } = await rpc<{ token: string }>(hub.url, 'auth.login', ADMIN);
    await until('the source on the hub', async () => {
      const got = await fetch(`${hub.url}/api/rpc/sources.get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${onHub}` },
        body: JSON.stringify({ id: source.id }),
      });
      return got.ok ? true : undefined;
    });
    await rpc(hub.url, 'sources.update', { id: source.id, name: 'Named on the hub' }, onHub);
    await rpc(site.url, 'sources.update', { id: source.id, name: 'Named on the site' }, onSite);
    await sitePage.getByRole('button', { name: 'Sync now' }).click();
    const conflict = sitePage.getByRole('region', { name: 'Source “Gate cameras”' });
    await expect(conflict).toBeVisible({ timeout: 20_000 });
    const versions = conflict.getByRole('row', { name: /name/ });
    await expect(versions.getByRole('cell')).toHaveText(['Gate cameras', 'Named on the site', 'Named on the hub']);
    await scan(sitePage, 'Settings → Sync with a conflict');

    // Merged by hand, by keyboard, in a dialog.
    await conflict.getByRole('button', { name: 'Merge by hand…' }).press('Enter');
    const dialog = sitePage.getByRole('dialog', { name: 'Merge Source “Gate cameras”' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('name').fill('Gate cameras (north)');
    await dialog.getByLabel('name').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(sitePage.getByText('None: nothing was changed differently here and on the hub.')).toBeVisible();
    await until('the merge on the hub', async () => {
      const got = await rpc<{ name: string }>(hub.url, 'sources.get', { id: source.id }, onHub);
      return got.name === 'Gate cameras (north)' ? true : undefined;
    });

    // Revoked on the hub by keyboard, after a confirmation that says what it does (focus starts on
    // Cancel, so it takes a Tab to say yes).
    await row.getByRole('button', { name: 'Revoke North yard' }).press('Enter');
    const confirm = hubPage.getByRole('alertdialog', { name: 'Revoke North yard?' });
    await expect(confirm).toContainText('can no longer send to this hub');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await hubPage.keyboard.press('Tab');
    await expect(confirm.getByRole('button', { name: 'Revoke North yard' })).toBeFocused();
    await hubPage.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(hubPage.getByRole('status').filter({ hasText: 'North yard is revoked.' })).toBeVisible();
    await expect(hubPage.getByRole('row', { name: /North yard/ }).first()).toContainText('Revoked');

    // The site's page says so at its next exchange, and offers to enrol again.
    await expect(sitePage.getByTestId('sync-state')).toHaveText('Refused by the hub', { timeout: 20_000 });
    await expect(sitePage.getByTestId('sync-last-error')).toContainText('An admin revoked this site');
    await expect(sitePage.getByRole('form', { name: 'Enrol again' })).toBeVisible();
    await scan(sitePage, 'Settings → Sync after a revocation');
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
});
