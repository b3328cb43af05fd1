import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';

// The status test asks this server's own public release.json, on loopback, which the outbound guard refuses
// unless an admin allows it.
test.use({ outpostEnv: { OUTPOST_OUTBOUND_ALLOW: '127.0.0.0/8' } });

/**
 * The Map page's editor, releases and status tabs, driven as a user would: by labels and roles.
 * One site, one base map, one overlay SVG whose script and event handler must be reported as
 * removed; shapes become overlays; a binding, undo and redo; a bulk import with its dry run; a
 * status rule; releases in both environments, a rollback and a comparison.
 */

// 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const OVERLAY_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">
  <script>alert(1)</script>
  <rect id="room-101" x="10" y="10" width="120" height="90" fill="#ccc" onclick="alert(2)"/>
  <rect id="room-102" x="160" y="10" width="120" height="90" fill="#ccc"/>
  <circle id="pump-1" cx="300" cy="200" r="40" fill="#ccc"/>
</svg>`;

const IMPORT_CSV = [
  'externalId,shapeId,label,bindingType,bindingTarget',
  'room-101,room-101,Room 101,unit,U-101',
  'gate-east,,Gate east,zone,yard',
].join('\n');

async function createSite(page: Page, name: string, slug: string): Promise<void> {
  await page.goto('/settings/sites');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Slug', { exact: true }).fill(slug);
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: name })).toHaveCount(1);
}

test('edit a site map: upload, bind, undo, import, status rule, publish, roll back, compare', async ({
  page,
  admin,
}) => {
  await signIn(page, admin.email, admin.password);
  await createSite(page, 'Harbour', 'harbour');

  await page.locator('nav[aria-label="Primary"]').getByRole('link', { name: 'Map', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Map' })).toBeVisible();
  await expect(page.getByLabel('Site', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByText('Harbour has no map yet.')).toBeVisible();

  // ---- Edit: layers ----
  await page.getByRole('tab', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/[?&]tab=edit/);
  await page
    .getByLabel('Base map (PNG, JPEG or SVG)')
    .setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByText('Base map uploaded.')).toBeVisible();
  await page
    .getByLabel('Overlay layer (SVG)')
    .setInputFiles({ name: 'rooms.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(OVERLAY_SVG) });
  await expect(page.getByText('Overlay layer uploaded.')).toBeVisible();
  await expect(page.getByText(/Removed from your file: .*script/)).toBeVisible();
  await expect(page.getByText('3 overlays were created from the shapes of the layer.')).toBeVisible();

  const list = page.getByRole('list', { name: 'Overlays' });
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // A file of the wrong type is refused with a sentence saying so.
  await page
    .getByLabel('Base map (PNG, JPEG or SVG)')
    .setInputFiles({ name: 'plan.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00') });
  await expect(
    page.getByRole('alert').filter({ hasText: '“plan.gif” is not a file Outpost can use here.' }),
  ).toBeVisible();

  // ---- Click a shape, bind it ----
  await page.locator('#room-102').click();
  const details = page.getByRole('region', { name: /^Overlay / });
  await expect(details.getByLabel('External id')).toHaveValue('room-102');
  await details.getByLabel('Label', { exact: true }).fill('Room 102');
  await details.getByLabel('Binding type').selectOption('unit');
  const search = details.getByRole('combobox', { name: 'Search units' });
  await search.fill('U-102');
  await page.getByRole('option', { name: 'Use “U-102” as the id' }).click();
  await expect(details.getByText('Unit U-102')).toBeVisible();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  // ---- Undo and redo ----
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(details.getByText('Not bound')).toBeVisible();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(details.getByText('Unit U-102')).toBeVisible();
  // Focus is on the Redo button, not in a text field: the shortcuts belong to the editor.
  await page.keyboard.press('Control+z');
  await expect(details.getByText('Not bound')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(details.getByText('Unit U-102')).toBeVisible();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  // The keyboard alone: pick an overlay from the list, bind it through the combobox.
  await list.getByRole('button', { name: /pump-1/ }).click();
  await details.getByLabel('Binding type').selectOption('device');
  const devices = details.getByRole('combobox', { name: 'Search devices' });
  await devices.fill('pump-ctl');
  await expect(page.getByRole('option', { name: 'Use “pump-ctl” as the id' })).toBeVisible();
  await devices.press('ArrowDown');
  await expect(devices).toHaveAttribute('aria-activedescendant', /.+/);
  await devices.press('Enter');
  await expect(details.getByText('Device pump-ctl')).toBeVisible();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  // The binding is saved: a reload shows it.
  await page.reload();
  await page
    .getByRole('list', { name: 'Overlays' })
    .getByRole('button', { name: /Room 102/ })
    .click();
  await expect(page.getByRole('region', { name: /^Overlay / }).getByText('Unit U-102')).toBeVisible();

  // ---- Import with a dry run ----
  await page.getByRole('button', { name: 'Import overlays…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import overlays' });
  await dialog.getByLabel('Or paste CSV or JSON').fill(IMPORT_CSV);
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(dialog.getByText(/1 created, 1 updated, 0 unchanged, 0 rejected/)).toBeVisible();
  await expect(dialog.getByRole('table', { name: 'Rows of the file' }).getByRole('row')).toHaveCount(3);
  await dialog.getByRole('button', { name: 'Import 2 overlays' }).click();
  await expect(dialog.getByText('2 overlays were written to the draft.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('list', { name: 'Overlays' }).getByRole('listitem')).toHaveCount(4);

  // A rejected row: nothing can be imported.
  await page.getByRole('button', { name: 'Import overlays…' }).click();
  await dialog.getByLabel('Or paste CSV or JSON').fill('externalId,label\nbad id!,X\n');
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(dialog.getByText(/0 created, 0 updated, 0 unchanged, 1 rejected/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Import \d+ overlay/ })).toBeDisabled();
  // A React Aria modal: focus stays inside (Shift+Tab from its first stop wraps to its last), Escape
  // closes it, and focus returns to the button that opened it.
  await dialog.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Import overlays…' })).toBeFocused();

  // A file saved in Latin-1 is refused naming its line (the dialog sends the bytes, not decoded
  // text); the same file in UTF-8 with a BOM is read with its accents.
  await page.getByRole('button', { name: 'Import overlays…' }).click();
  const fileInput = dialog.getByLabel('Overlay file (CSV or JSON)');
  const accented = 'externalId,label\nroom-201,Entrée\n';
  await fileInput.setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from(accented, 'latin1') });
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(dialog.getByText(/not valid UTF-8.*\(line 2\)/)).toBeVisible();
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  await fileInput.setInputFiles({
    name: 'utf8.csv',
    mimeType: 'text/csv',
    buffer: Buffer.concat([bom, Buffer.from(accented)]),
  });
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(dialog.getByText(/1 created, 0 updated, 0 unchanged, 0 rejected/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // ---- Status: a mapping rule ----
  await page.getByRole('tab', { name: 'Status' }).click();
  await expect(page.getByRole('radio', { name: 'Internal: device health and alerts' })).toBeChecked();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByLabel('Rule 1 match').fill('/^door_/');
  await page.getByLabel('Rule 1 status').selectOption('alarm');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/^Saved\. Overlays take their colours/)).toBeVisible();

  // Field errors come back beside their fields.
  await page.getByRole('radio', { name: 'External HTTP JSON API' }).check();
  await page.getByLabel('URL', { exact: true }).fill('ftp://nope');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/^URL must be an http/)).toBeVisible();

  // ---- Releases ----
  await page.getByRole('tab', { name: 'Releases' }).click();
  await page.getByLabel('Environment').selectOption('staging');
  await page.getByLabel('Release note').fill('First try');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText(/Published version 1 to staging/)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Version 1' });
  await expect(row).toContainText('Current');
  await expect(row).toContainText('First try');
  await expect(page.getByRole('link', { name: /\/api\/public\/harbour\/release\.json\?env=staging$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /\/wall\/harbour\?env=staging$/ })).toBeVisible();

  // Production asks first.
  await page.getByLabel('Environment').selectOption('production');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('button', { name: 'Publish to production' }).click();
  await expect(page.getByText(/Published version 2 to production/)).toBeVisible();

  // A second staging release, then back to the first one.
  await page.getByLabel('Environment').selectOption('staging');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText(/Published version 3 to staging/)).toBeVisible();
  const first = page.getByRole('row').filter({ hasText: 'Version 1' });
  await expect(first).not.toContainText('Current');
  await first.getByRole('button', { name: 'Roll back to this' }).click();
  await first.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(page.getByText('Version 1 is current in staging again.')).toBeVisible();
  await expect(first).toContainText('Current');
  await expect(page.getByRole('row').filter({ hasText: 'Version 3' })).not.toContainText('Current');

  // Compare two releases.
  await first.getByRole('button', { name: 'Compare with…' }).click();
  await first.getByLabel('Compare version 1 with').selectOption('2');
  await first.getByRole('button', { name: 'Compare', exact: true }).click();
  const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
  await expect(diff).toContainText('The two releases are the same.');
  await diff.getByRole('button', { name: 'Close comparison' }).click();

  // ---- Status: test an external source, map what it answers ----
  // The outpost server's own public release.json stands in for a building system's API.
  const releaseUrl = await page.getByRole('link', { name: /\/api\/public\/harbour\/release\.json$/ }).innerText();
  await page.getByRole('tab', { name: 'Status' }).click();
  await page.getByRole('radio', { name: 'External HTTP JSON API' }).check();
  await page.getByLabel('URL', { exact: true }).fill(releaseUrl);
  await page.getByLabel('List path').fill('$.overlays');
  await page.getByLabel('Id field').fill('externalId');
  await page.getByLabel('Status field').fill('label');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const result = page.getByRole('region', { name: 'Test result' });
  await expect(result).toContainText('4 items');
  await result.getByRole('button', { name: 'Map “Room 102”…' }).click();
  await expect(page.getByLabel('Rule 2 match')).toHaveValue('Room 102');
  await expect(page.getByLabel('Rule 2 status')).toBeFocused();
  await page.getByLabel('Rule 2 status').selectOption('ok');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/^Saved\. Overlays take their colours/)).toBeVisible();

  // ---- View ----
  await page.getByRole('tab', { name: 'View' }).click();
  await expect(page.getByRole('application', { name: /Live map of the site, 4 overlays/ })).toBeVisible();
});
