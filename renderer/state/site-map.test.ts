import { describe, expect, it, vi } from 'vitest';
import type { Overlay, SiteMapDraft, SiteStatus, SitemapAsset } from '../../main/contract/index.js';
import { ApiError } from '../api/api-error.js';
import { createSiteMapStore } from './site-map.js';
import { countByStatus, indexStatus, isNewerDraft, statusByOverlay } from './site-map-status.js';
import { fakeApi } from './test-fixtures.js';

const SITE = 'S'.padEnd(26, '0');
const OTHER = 'T'.padEnd(26, '0');

function asset(id: string, kind: 'basemap' | 'overlay'): SitemapAsset {
  return {
    id: id.padEnd(26, '0'),
    kind,
    sha256: 'a'.repeat(64),
    contentType: kind === 'overlay' ? 'image/svg+xml' : 'image/png',
    size: 10,
    fileName: `${kind}.file`,
    removed: [],
    createdAt: 0,
  };
}

function draft(revision: number, extra: Partial<SiteMapDraft> = {}): SiteMapDraft {
  return {
    siteId: SITE,
    revision,
    updatedAt: null,
    basemap: asset('B1', 'basemap'),
    overlayLayer: asset('O1', 'overlay'),
    shapes: [],
    overlays: [],
    statusMapping: { rules: [], custom: [] },
    legend: [],
    ...extra,
  };
}

function status(items: [string, string][], extra: Partial<SiteStatus> = {}): SiteStatus {
  return {
    siteId: SITE,
    integration: 'internal',
    items: items.map(([id, s]) => ({ id, raw: s.toUpperCase(), status: s })),
    unmapped: [],
    updatedAt: 1000,
    stale: false,
    error: null,
    ...extra,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakeUrls() {
  let n = 0;
  const live = new Set<string>();
  return {
    live,
    create: vi.fn((base64: string) => {
      const url = `blob:${++n}:${base64}`;
      live.add(url);
      return url;
    }),
    revoke: vi.fn((url: string) => void live.delete(url)),
  };
}

function setup(handlers: Record<string, (input: never) => Promise<unknown>>) {
  const urls = fakeUrls();
  const fake = fakeApi({
    'sitemap.status': async () => status([['door-1', 'alarm']]),
    'sitemap.assetContent': async (input: { assetId: string }) => ({
      contentType: 'image/png',
      sha256: 'a'.repeat(64),
      contentBase64: btoa(`<svg id="${input.assetId.slice(0, 2)}"/>`),
    }),
    ...handlers,
  });
  const store = createSiteMapStore(() => fake.api, { objectUrls: urls });
  return { ...fake, store, urls };
}

const assetCalls = (raw: { call: { mock: { calls: unknown[][] } } }) =>
  raw.call.mock.calls
    .filter(([m]) => m === 'sitemap.assetContent')
    .map(([, input]) => (input as { assetId: string }).assetId.slice(0, 2));

describe('status helpers', () => {
  const overlays: Overlay[] = [
    { externalId: 'd1', shapeId: 'r1', label: 'Door 1', binding: { type: 'device', device: 'door-1' } },
    { externalId: 'z1', shapeId: 'r2', label: 'Zone', binding: { type: 'zone', zone: 'yard' } },
    { externalId: 'ext-9', shapeId: 'r3', label: 'Upstream item', binding: null },
  ];

  it('indexes entity statuses and derives each overlay status from its binding, else its external id', () => {
    const byEntity = indexStatus(
      status([
        ['door-1', 'alarm'],
        ['ext-9', 'ok'],
      ]),
    );
    expect(byEntity).toEqual(
      new Map([
        ['door-1', 'alarm'],
        ['ext-9', 'ok'],
      ]),
    );
    const byOverlay = statusByOverlay(overlays, byEntity);
    expect(byOverlay).toEqual(
      new Map([
        ['d1', 'alarm'],
        ['z1', 'unknown'],
        ['ext-9', 'ok'],
      ]),
    );
    expect(countByStatus(overlays, byOverlay)).toEqual(
      new Map([
        ['alarm', 1],
        ['unknown', 1],
        ['ok', 1],
      ]),
    );
    expect(indexStatus(null).size).toBe(0);
  });

  it('accepts newer revisions, and the same revision only without a local edit since asking', () => {
    expect(isNewerDraft(null, draft(1))).toBe(true);
    expect(isNewerDraft(draft(3), draft(4))).toBe(true);
    expect(isNewerDraft(draft(3), draft(3))).toBe(true);
    expect(isNewerDraft(draft(3), draft(3), true)).toBe(false);
    expect(isNewerDraft(draft(3), draft(2))).toBe(false);
    expect(isNewerDraft(draft(3), draft(1, { siteId: OTHER }))).toBe(true);
  });
});

describe('site map store', () => {
  it('loads the draft, its status and both assets', async () => {
    const { store, urls } = setup({ 'sitemap.get': async () => draft(1) });
    const pending = store.getState().load(SITE);
    expect(store.getState()).toMatchObject({ siteId: SITE, loading: true });
    await pending;
    const state = store.getState();
    expect(state).toMatchObject({ loading: false, error: null, statusError: null });
    expect(state.draft?.revision).toBe(1);
    expect(state.basemapUrl).toMatch(/^blob:1:/);
    expect(state.overlaySvg).toBe('<svg id="O1"/>');
    expect(state.statusByEntity.get('door-1')).toBe('alarm');
    expect(urls.live.size).toBe(1);
  });

  it('fetches asset contents only when an asset id changes, and revokes the replaced URL', async () => {
    let current = draft(1);
    const { store, raw, urls } = setup({ 'sitemap.get': async () => current });
    await store.getState().load(SITE);
    const firstUrl = store.getState().basemapUrl!;

    current = draft(2, { overlays: [{ externalId: 'a', shapeId: 'x', label: 'A', binding: null }] });
    await store.getState().reload();
    expect(assetCalls(raw)).toEqual(['B1', 'O1']);

    current = draft(3, { basemap: asset('B2', 'basemap') });
    await store.getState().reload();
    expect(assetCalls(raw)).toEqual(['B1', 'O1', 'B2']);
    expect(urls.revoke).toHaveBeenCalledWith(firstUrl);
    expect(urls.live).toEqual(new Set([store.getState().basemapUrl]));

    current = draft(4, { basemap: null, overlayLayer: null });
    await store.getState().reload();
    expect(store.getState()).toMatchObject({ basemapUrl: null, overlaySvg: null });
    expect(urls.live.size).toBe(0);
  });

  it('keeps the map on screen while reloading and after a failed reload', async () => {
    let answer: () => Promise<SiteMapDraft> = async () => draft(1);
    const { store } = setup({ 'sitemap.get': () => answer() });
    await store.getState().load(SITE);
    const gate = deferred<SiteMapDraft>();
    answer = () => gate.promise;
    const reloading = store.getState().reload();
    expect(store.getState()).toMatchObject({ loading: true, draft: { revision: 1 } });
    expect(store.getState().overlaySvg).not.toBeNull();
    gate.reject(new ApiError('unavailable', 'Outpost is not answering'));
    await reloading;
    expect(store.getState()).toMatchObject({ loading: false, error: 'Outpost is not answering' });
    expect(store.getState().draft?.revision).toBe(1);
  });

  it('drops answers for a site that is no longer shown, and an older reload answering last', async () => {
    const gates = [deferred<SiteMapDraft>(), deferred<SiteMapDraft>(), deferred<SiteMapDraft>()];
    let i = 0;
    const { store } = setup({ 'sitemap.get': () => gates[i++]!.promise });
    const first = store.getState().load(OTHER);
    const second = store.getState().load(SITE);
    gates[1]!.resolve(draft(5));
    await second;
    gates[0]!.resolve(draft(9, { siteId: OTHER }));
    await first;
    expect(store.getState()).toMatchObject({ siteId: SITE, draft: { siteId: SITE, revision: 5 } });

    // Two reloads: the newer answers first; the older one (an older revision) must not win.
    gates.push(deferred<SiteMapDraft>(), deferred<SiteMapDraft>());
    const slow = store.getState().reload();
    const quick = store.getState().reload();
    gates[3]!.resolve(draft(7));
    await quick;
    gates[2]!.resolve(draft(6));
    await slow;
    expect(store.getState().draft?.revision).toBe(7);
  });

  it('shows the editor’s draft at once and ignores a same-revision answer sent before it', async () => {
    const gate = deferred<SiteMapDraft>();
    let answer: () => Promise<SiteMapDraft> = async () => draft(2);
    const { store } = setup({ 'sitemap.get': () => answer() });
    await store.getState().load(SITE);
    answer = () => gate.promise;
    const reloading = store.getState().reload();
    const edited = draft(2, { overlays: [{ externalId: 'new', shapeId: null, label: 'New', binding: null }] });
    store.getState().setDraft(edited);
    gate.resolve(draft(2));
    await reloading;
    expect(store.getState().draft).toBe(edited);
  });

  it('follows pushes: status replaces the shown status, a new revision reloads, other sites are ignored', async () => {
    let current = draft(1);
    const { store, listeners, raw } = setup({ 'sitemap.get': async () => current });
    await store.getState().load(SITE);
    const stop = store.getState().watch();

    listeners.get('sitemap.status')!(status([['door-1', 'ok']], { stale: true, error: 'timeout' }));
    expect(store.getState().statusByEntity.get('door-1')).toBe('ok');
    expect(store.getState().status?.stale).toBe(true);
    listeners.get('sitemap.status')!(status([['door-1', 'offline']], { siteId: OTHER }));
    expect(store.getState().statusByEntity.get('door-1')).toBe('ok');

    const gets = () => raw.call.mock.calls.filter(([m]) => m === 'sitemap.get').length;
    listeners.get('sitemap.changed')!({ siteId: SITE, revision: 1 });
    listeners.get('sitemap.changed')!({ siteId: OTHER, revision: 8 });
    expect(gets()).toBe(1);
    current = draft(2);
    listeners.get('sitemap.changed')!({ siteId: SITE, revision: 2 });
    expect(gets()).toBe(2);
    await vi.waitFor(() => expect(store.getState().draft?.revision).toBe(2));
    stop();
  });

  it('prefers a status push over the answer of a status call sent before it', async () => {
    const gate = deferred<SiteStatus>();
    const { store, listeners } = setup({
      'sitemap.get': async () => draft(1),
      'sitemap.status': () => gate.promise,
    });
    store.getState().watch();
    const loading = store.getState().load(SITE);
    listeners.get('sitemap.status')!(status([['door-1', 'ok']], { updatedAt: 2000 }));
    gate.resolve(status([['door-1', 'alarm']], { updatedAt: 1000 }));
    await loading;
    expect(store.getState().statusByEntity.get('door-1')).toBe('ok');
  });

  it('shows the map without status when no source answered, saying why', async () => {
    const { store } = setup({
      'sitemap.get': async () => draft(1),
      'sitemap.status': async () => {
        throw new ApiError('unavailable', 'No status source has answered yet');
      },
    });
    await store.getState().load(SITE);
    expect(store.getState()).toMatchObject({
      status: null,
      statusError: 'No status source has answered yet',
      error: null,
    });
    expect(store.getState().draft).not.toBeNull();
  });

  it('retries a failed asset on the next reload', async () => {
    let fail = true;
    const { store } = setup({
      'sitemap.get': async () => draft(1),
      'sitemap.assetContent': async () => {
        if (fail) throw new ApiError('unavailable', 'busy');
        return { contentType: 'image/svg+xml', sha256: 'a'.repeat(64), contentBase64: btoa('<svg/>') };
      },
    });
    await store.getState().load(SITE);
    expect(store.getState().assetError).toMatch(/busy/);
    fail = false;
    await store.getState().reload();
    expect(store.getState()).toMatchObject({ assetError: null, overlaySvg: '<svg/>' });
  });

  it('forgets everything on reset and revokes its URLs', async () => {
    const { store, urls } = setup({ 'sitemap.get': async () => draft(1) });
    await store.getState().load(SITE);
    store.getState().reset();
    expect(store.getState()).toMatchObject({ siteId: null, draft: null, basemapUrl: null, status: null });
    expect(urls.live.size).toBe(0);
  });
});
