import { execFileSync } from 'node:child_process';
import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';

/**
 * Settings → Tunnels in Chromium at 800×600: a hub interface made, brought up (wireguard-go in a
 * network namespace of this spec's own, so the machine's network is never touched), a site added,
 * its QR code and a one-time link (used once), a key rotation, the transfer chart, a revocation.
 */

const NS = `wgui${process.pid.toString(36)}`;
const IFNAME = `wgui${process.pid.toString(36)}`.slice(0, 15);
let namespaceReady = false;

test.use({ viewport: { width: 800, height: 600 }, outpostEnv: { OUTPOST_TUNNELS_NETNS: NS } });

test.beforeAll(() => {
  try {
    execFileSync('ip', ['netns', 'add', NS], { stdio: 'ignore' });
    execFileSync('ip', ['-n', NS, 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    namespaceReady = true;
  } catch {
    namespaceReady = false;
  }
});
test.afterAll(() => {
  if (namespaceReady) execFileSync('ip', ['netns', 'del', NS], { stdio: 'ignore' });
});

test('an admin runs a hub from Settings → Tunnels by keyboard and mouse at 800×600', async ({
  page,
  admin,
  outpost,
}) => {
  test.skip(!namespaceReady, 'cannot create a network namespace here (needs root and iproute2)');
  await signIn(page, admin.email, admin.password);
  await page.goto('/settings/tunnels');
  await expect(page.getByRole('heading', { level: 1, name: 'Tunnels' })).toBeVisible();
  await expect(page.getByText('No tunnels yet.')).toBeVisible();

  // The new-hub form, filled and sent from the keyboard.
  const form = page.getByRole('form', { name: 'New hub interface' });
  await form.getByLabel('Interface name').fill(IFNAME);
  await form.getByLabel('Address sites dial (host:port)').fill('bad address');
  await form.getByLabel('Address sites dial (host:port)').press('Enter');
  await expect(form.getByLabel('Address sites dial (host:port)')).toHaveAccessibleDescription(/must be host:port/);
  await form.getByLabel('Address sites dial (host:port)').fill('192.0.2.1:51820');
  await form.getByLabel('IPv4 range (optional)').fill('198.18.0.0/24');
  await form.getByLabel('IPv6 range (optional)').fill('fd00:18::/64');
  await form.getByLabel('Port (optional)').press('Enter');

  const panel = page.getByRole('region', { name: new RegExp(`^${IFNAME}`) });
  await expect(panel).toBeVisible();
  await expect(panel.getByText(/^Down · 0 of 0 sites reachable/)).toBeVisible();
  const up = panel.getByRole('button', { name: `Bring ${IFNAME} up` });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByText(/^Up \((kernel WireGuard|wireguard-go)\)/)).toBeVisible();
  await expect(panel.getByText('Site isolation enforced by the firewall')).toBeVisible();

  const add = panel.getByRole('form', { name: `Add a site to ${IFNAME}` });
  await add.getByLabel('Name').fill('Depot 4');
  await add.getByRole('button', { name: 'Add site' }).click();
  const row = panel.getByRole('row', { name: /Depot 4/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: '198.18.0.2/32, fd00:18::2/128' })).toBeVisible();
  await expect(row.getByText('handshake never')).toBeVisible();

  // Config: a QR code and a one-time link that works once.
  await row.getByRole('button', { name: 'Config of Depot 4' }).click();
  await panel.getByRole('button', { name: 'Show QR code' }).click();
  await expect(panel.getByRole('img', { name: /QR code of Depot 4/ })).toBeVisible();
  await panel.getByRole('button', { name: 'Make a one-time link' }).click();
  const link = await panel.getByLabel('One-time link').inputValue();
  const first = await page.request.get(link);
  expect(first.status()).toBe(200);
  expect(await first.text()).toContain('[Interface]');
  expect((await page.request.get(link)).status()).toBe(404);

  // Rotation asks first, then marks the new key as waiting for the site.
  await row.getByRole('button', { name: 'Rotate keys of Depot 4' }).click();
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(row.getByText(/new key waiting for the site/)).toBeVisible();

  await row.getByRole('button', { name: 'Transfer chart of Depot 4' }).click();
  await expect(panel.getByText(/No transfer recorded for Depot 4 yet|received and .* sent/)).toBeVisible();

  // The hub's own key: a rotation asks first, shows who has moved, and is finished on the admin's word.
  await panel.getByRole('button', { name: 'Rotate hub key' }).click();
  await page.getByRole('button', { name: 'Rotate hub key', exact: true }).last().click();
  await expect(panel.getByText(/Hub key rotation in progress since .*0 of 1 peers on the new key/)).toBeVisible();
  await expect(panel.getByText(/Still on the old key: Depot 4/)).toBeVisible();
  await expect(row.getByText(/on the hub's old key/)).toBeVisible();
  await panel.getByRole('button', { name: 'Finish rotation' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Depot 4 has not moved and will be cut/)).toBeVisible();
  await page.getByRole('button', { name: 'Finish rotation', exact: true }).last().click();
  await expect(panel.getByText(`The old key of ${IFNAME} is retired.`)).toBeVisible();
  await expect(panel.getByText(/Hub key rotation in progress/)).toHaveCount(0);
  await expect(panel.getByText('51821', { exact: true })).toBeVisible();
  await expect(panel.getByText('192.0.2.1:51821', { exact: true })).toBeVisible();

  // Nothing is wider than the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);

  await row.getByRole('button', { name: 'Revoke Depot 4' }).click();
  await page.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(panel.getByRole('row', { name: /Depot 4/ })).toHaveCount(0);
  await expect(panel.getByText('No peers yet.')).toBeVisible();
  void outpost;
});
