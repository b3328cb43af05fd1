import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';
import { publishGridMap, rpc } from '../support/site-map-fixture.js';
import { postEvent } from '../support/webhook.js';

test.describe.configure({ timeout: 180_000 });

/** Issue 11: a group that is wrong can be split by a word, and the split undone. */
test('a group is split by the word that varies, one group per value, and "Undo the split" makes it one again', async ({
  page,
  outpost,
  admin,
}) => {
  const site = await publishGridMap(outpost.url, { count: 1, slug: 'plant', name: 'Plant', reportingShare: 1 });
  for (const pump of [3, 7, 12]) {
    for (let i = 0; i < 2; i++) {
      await postEvent(site.webhook!, { message: `Pump ${pump} stalled on the cooling line`, severity: 'warning' });
    }
  }
  const groups = await rpc<{ items: { id: string; template: string; count: number }[] }>(
    outpost.url,
    'groups.list',
    {},
    site.session,
  );
  const services = groups.items.filter((g) => g.template.startsWith('Pump'));
  expect(services).toHaveLength(1);
  expect(services[0]!.count).toBe(6);

  await signIn(page, admin.email, admin.password);
  await page.goto(`/dashboard/groups/${services[0]!.id}`);
  await page.getByRole('button', { name: /^Split by word: Pump/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Split by a word' });
  await expect(dialog).toBeVisible();
  // The word that varies is chosen to begin with; the keyboard alone can move the choice and submit.
  const varies = dialog.getByRole('radio', { name: '2 · (varies)' });
  await expect(varies).toBeChecked();
  await varies.focus();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: '3 · stalled' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(varies).toBeChecked();
  await dialog.getByRole('button', { name: 'Split', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Split into 3 groups, one per value at word 2')).toBeVisible();

  const splitGroups = async () =>
    (
      await rpc<{ items: { template: string; count: number; mergedInto: string | null }[] }>(
        outpost.url,
        'groups.list',
        {},
        site.session,
      )
    ).items.filter((g) => g.template.startsWith('Pump') && g.mergedInto === null);
  expect((await splitGroups()).map((g) => g.count)).toEqual([2, 2, 2]);

  await page.getByRole('button', { name: 'Undo the split' }).click();
  await expect(page.getByText('Undone: the values are one group again.')).toBeVisible();
  await expect.poll(async () => (await splitGroups()).map((g) => g.count)).toEqual([6]);
});
