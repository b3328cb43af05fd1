import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicStatus, ReleaseManifest } from '../../main/contract/index.js';
import { PublicMapError, type PublicMapClient } from '../api/public-map.js';
import { createWallBoardStore, RELEASE_POLL_MS, STATUS_POLL_MS } from './wall-board.js';

function manifest(version: number, overlaySha = 'o'.repeat(64)): ReleaseManifest {
  return {
    format: 1,
    site: { id: 'S'.padEnd(26, '0'), slug: 'depot', name: 'North Depot' },
    version,
    env: 'production',
    overlays: [{ externalId: 'door-1', shapeId: 'd1', label: 'Door 1', binding: null }],
    statusMapping: { rules: [], custom: [] },
    assets: [
      { role: 'basemap', sha256: 'b'.repeat(64), contentType: 'image/png', size: 1 },
      { role: 'overlay', sha256: overlaySha, contentType: 'image/svg+xml', size: 1 },
    ],
    publishedBy: 'u1',
    publishedAt: 0,
    note: '',
  };
}

function publicStatus(status: string): PublicStatus {
  return {
    site: { slug: 'depot', name: 'North Depot' },
    env: 'production',
    version: 1,
    updatedAt: 1000,
    ageMs: 2000,
    stale: false,
    error: null,
    items: [{ externalId: 'door-1', status }],
    legend: [],
  };
}

function fakeClient() {
  let current: ReleaseManifest | null = manifest(1);
  let currentStatus = publicStatus('ok');
  const client = {
    release: vi.fn<PublicMapClient['release']>(async (_slug, _env, etag) => {
      if (!current) throw new PublicMapError('not-published', 'Nothing is published here');
      const tag = `"v${current.version}"`;
      return etag === tag ? null : { manifest: current, etag: tag };
    }),
    status: vi.fn<PublicMapClient['status']>(async () => currentStatus),
    assetText: vi.fn<PublicMapClient['assetText']>(async (_slug, sha) => `<svg id="${sha.slice(0, 1)}"/>`),
    assetUrl: (slug: string, sha: string) => `/api/public/${slug}/assets/${sha}`,
  };
  return {
    client,
    publish: (m: ReleaseManifest | null) => (current = m),
    setStatus: (s: PublicStatus) => (currentStatus = s),
  };
}

afterEach(() => vi.useRealTimers());

describe('wall board store', () => {
  it('shows the release, its files and its status, then polls status every 30 s and the release every 60 s', async () => {
    vi.useFakeTimers();
    const fake = fakeClient();
    const store = createWallBoardStore(() => fake.client);
    const stop = store.getState().start('depot', 'production');
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'));
    await vi.waitFor(() => expect(store.getState().statusByOverlay.get('door-1')).toBe('ok'));
    expect(store.getState()).toMatchObject({
      basemapUrl: `/api/public/depot/assets/${'b'.repeat(64)}`,
      overlaySvg: '<svg id="o"/>',
    });

    fake.setStatus(publicStatus('alarm'));
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS);
    expect(store.getState().statusByOverlay.get('door-1')).toBe('alarm');
    expect(fake.client.status).toHaveBeenCalledTimes(2);

    // Unchanged release: a 304, and the overlay text is not fetched again.
    await vi.advanceTimersByTimeAsync(RELEASE_POLL_MS - STATUS_POLL_MS);
    expect(fake.client.release).toHaveBeenLastCalledWith('depot', 'production', '"v1"');
    expect(fake.client.assetText).toHaveBeenCalledTimes(1);

    // A new release with a new overlay file: fetched once, and the status is asked again at once.
    fake.publish(manifest(2, 'p'.repeat(64)));
    const statusCalls = fake.client.status.mock.calls.length;
    await vi.advanceTimersByTimeAsync(RELEASE_POLL_MS);
    expect(store.getState().manifest?.version).toBe(2);
    expect(store.getState().overlaySvg).toBe('<svg id="p"/>');
    expect(fake.client.status.mock.calls.length).toBeGreaterThan(statusCalls);
    stop();
    const calls = fake.client.release.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5 * RELEASE_POLL_MS);
    expect(fake.client.release.mock.calls.length).toBe(calls);
  });

  it('says "not published" for an unknown slug', async () => {
    const fake = fakeClient();
    fake.publish(null);
    const store = createWallBoardStore(() => fake.client);
    const stop = store.getState().start('nowhere', 'production');
    await vi.waitFor(() => expect(store.getState().phase).toBe('not-published'));
    expect(store.getState().error).toBe('Nothing is published here');
    stop();
  });

  it('keeps showing the release and the last colours through network failures', async () => {
    const fake = fakeClient();
    const store = createWallBoardStore(() => fake.client);
    const stop = store.getState().start('depot', 'production');
    await vi.waitFor(() => expect(store.getState().status).not.toBeNull());
    fake.client.release.mockRejectedValueOnce(new PublicMapError('network', 'Cannot reach Outpost'));
    fake.client.status.mockRejectedValueOnce(new PublicMapError('network', 'Cannot reach Outpost'));
    await store.getState().refreshRelease();
    await store.getState().refreshStatus();
    expect(store.getState()).toMatchObject({
      phase: 'ready',
      error: 'Cannot reach Outpost',
      statusError: 'Cannot reach Outpost',
    });
    expect(store.getState().statusByOverlay.get('door-1')).toBe('ok');
    stop();
  });

  it('drops answers for a slug it no longer shows', async () => {
    const fake = fakeClient();
    let release!: () => void;
    fake.client.release.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve({ manifest: manifest(7), etag: '"v7"' }))),
    );
    const store = createWallBoardStore(() => fake.client);
    const stopFirst = store.getState().start('old', 'production');
    stopFirst();
    const stop = store.getState().start('depot', 'production');
    await vi.waitFor(() => expect(store.getState().manifest?.version).toBe(1));
    release();
    await Promise.resolve();
    expect(store.getState()).toMatchObject({ slug: 'depot', manifest: { version: 1 } });
    stop();
  });
});
