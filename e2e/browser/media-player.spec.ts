import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClip } from '../../native/ffmpeg/test-support/index.js';
import { expect, test } from '../support/fixtures.js';
import { signIn } from '../support/sign-in.js';

test('plays an event’s clip, seeks to its middle, steps a frame and downloads it', async ({ page, admin, outpost }) => {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-clip-'));
  try {
    // A 6 s clip with its index at the end, as cameras write them.
    const clip = readFileSync(makeClip(dir, { seconds: 6, width: 320, height: 180 }));
    const rpc = async <T>(method: string, input: unknown, token?: string): Promise<T> => {
      const answer = await fetch(`${outpost.url}/api/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input),
      });
      expect(answer.status, await answer.clone().text()).toBe(200);
      return (await answer.json()) as T;
    };
    const { token } = await rpc<{ token: string }>('auth.login', admin);
    const source = await rpc<{ id: string; token: string }>(
      'sources.create',
      { kind: 'webhook', name: 'Gate', config: {} },
      token,
    );
    const form = new FormData();
    form.append(
      'event',
      JSON.stringify({ message: 'Vehicle at the yard gate', device: 'yard-gate', label: 'car', kind: 'detection' }),
    );
    form.append('clip', new Blob([new Uint8Array(clip)], { type: 'video/mp4' }), 'clip.mp4');
    const posted = await fetch(`${outpost.url}/api/ingest/${source.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${source.token}` },
      body: form,
    });
    expect(posted.status, await posted.clone().text()).toBe(202);

    await signIn(page, admin.email, admin.password);
    await page.locator('nav[aria-label="Primary"]').getByRole('link', { name: 'Events', exact: true }).click();
    await page
      .getByRole('list', { name: 'Events' })
      .getByRole('button', { name: /Vehicle at the yard gate/ })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Vehicle at the yard gate' });
    const video = drawer.locator('video');
    await expect(video).toBeVisible();
    await expect(video).toHaveAttribute('aria-label', /^Clip from yard-gate at /);

    // Play: time moves.
    await drawer.getByRole('button', { name: 'Play', exact: true }).click();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(0.3);
    await drawer.getByRole('button', { name: 'Pause', exact: true }).click();

    // Seek to the middle with the position slider (the clip is not fully downloaded to do so).
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(duration).toBeGreaterThan(5.5);
    await drawer.getByRole('slider', { name: 'Position' }).fill(String(duration / 2));
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(duration / 2, 0);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);

    // One frame forward (25 fps) with the button, and back with the "," key.
    const before = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await drawer.getByRole('button', { name: 'Forward one frame' }).click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(before + 0.04, 2);
    await drawer.getByRole('button', { name: 'Forward one frame' }).press(',');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(before, 2);

    // Speed.
    await drawer.getByLabel('Speed').selectOption('2');
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2);

    // Download: the whole clip under a name that says what it is (its index now at the front).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      drawer.getByRole('link', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^yard-gate-.*-clip\.mp4$/);
    const saved = join(dir, 'downloaded.mp4');
    await download.saveAs(saved);
    expect(Math.abs(statSync(saved).size - clip.length)).toBeLessThan(4096);
    const bytes = readFileSync(saved);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
