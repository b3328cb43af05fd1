import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  AlertRule,
  Event,
  Home,
  LoginResult,
  OutpostError,
  SampleStatus,
  SiteMapDraft,
  SiteRemovalImpact,
  Site,
  Source,
} from '../contract/index.js';
import { createCore, createLogger, loadConfig, type CallContext, type Core } from '../core/index.js';
import { ingestOf } from '../pipeline/test-support/index.js';

/**
 * The sample site on a real Core: what "Load sample site" makes, that it sends events, and that
 * removing it (the ordinary site removal) takes all of it and nothing else.
 */
let dataDir: string;
let core: Core;
let admin: CallContext;
const call = <T>(method: string, input: unknown) => core.call(method, input, admin) as Promise<T>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-sample-'));
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
  const http = { transport: 'http' as const, address: '203.0.113.9' };
  await core.call('auth.createFirstAdmin', { email: 'admin@example.com', password: 'first admin password' }, http);
  const login = (await core.call(
    'auth.login',
    { email: 'admin@example.com', password: 'first admin password' },
    http,
  )) as LoginResult;
  admin = { ...http, token: login.token };
});
afterAll(async () => {
  await core?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the sample site', () => {
  let sample: SampleStatus;
  let keep: Site;
  let keptEvent: string;

  it('is offered on an empty installation', async () => {
    expect((await call<Home>('home.get', {})).empty).toBe(true);
  });

  it('makes a site with a drawn map, bound overlays, the internal status source, rules, a source and an hour of history', async () => {
    sample = await call<SampleStatus>('sample.load', { minutes: 1 });
    expect(sample.streamingUntil).toBeGreaterThan(Date.now());
    const { sites } = await call<{ sites: Site[] }>('sites.list', {});
    const site = sites.find((s) => s.id === sample.siteId)!;
    expect(site).toMatchObject({ name: 'Sample harbour depot', slug: 'sample-harbour-depot' });

    const draft = await call<SiteMapDraft>('sitemap.get', { siteId: site.id });
    expect(draft.basemap?.contentType).toBe('image/svg+xml');
    expect(draft.overlayLayer?.fileName).toBe('sample-overlays.svg');
    expect(draft.overlays).toHaveLength(8);
    expect(draft.overlays.find((o) => o.externalId === 'reefer-3')?.binding).toEqual({
      type: 'device',
      device: 'reefer-3',
    });
    expect(draft.overlays.find((o) => o.externalId === 'cam-dock')?.binding).toEqual({
      type: 'camera',
      device: 'cam-dock',
    });
    const integration = await call<{ kind: string; offlineAfterMinutes: number }>('integrations.get', {
      siteId: site.id,
    });
    expect(integration).toMatchObject({ kind: 'internal', offlineAfterMinutes: 2 });

    const rules = (await call<{ items: AlertRule[] }>('alertRules.list', {})).items;
    expect(
      rules
        .filter((r) => r.siteId === site.id)
        .map((r) => r.type)
        .sort(),
    ).toEqual(['device-silent', 'severity', 'spike']);
    const sources = (await call<{ items: Source[] }>('sources.list', {})).items;
    expect(sources.find((s) => s.siteId === site.id)?.name).toBe('Sample feed');

    const events = await call<{ items: Event[] }>('events.list', { siteId: site.id, limit: 500 });
    expect(events.items.length).toBeGreaterThan(300);
    expect(events.items.every((e) => (e.attributes as { sample?: boolean }).sample === true)).toBe(true);
    expect(new Set(events.items.map((e) => e.device)).has('cam-dock')).toBe(true);

    const home = await call<Home>('home.get', {});
    expect(home.sites.find((s) => s.id === site.id)?.sample).toBe(true);
    expect(home.empty).toBe(false);
  });

  it('keeps sending events while it streams, and refuses a second load', async () => {
    const count = async () =>
      (await call<{ items: Event[] }>('events.list', { siteId: sample.siteId, limit: 500 })).items.length;
    const before = await count();
    await vi.waitFor(async () => expect(await count()).toBeGreaterThan(before), { timeout: 15_000, interval: 500 });
    await expect(call('sample.load', {})).rejects.toMatchObject({ code: 'conflict' } satisfies Partial<OutpostError>);
  });

  it('is removed with everything it made, and nothing else', async () => {
    keep = await call<Site>('sites.create', { name: 'Real yard', slug: 'real-yard' });
    const hook = await call<Source & { token: string }>('sources.create', {
      kind: 'webhook',
      name: 'Real hook',
      config: {},
      siteId: keep.id,
    });
    const ingest = ingestOf(core);
    keptEvent = (
      await ingest.ingest(ingest.authorize(hook.id, hook.token), [{ message: 'Gate opened', device: 'gate' }])
    ).ids[0]!;
    await call('releases.publish', { siteId: sample.siteId, env: 'production', note: 'sample v1' });

    const impact = await call<SiteRemovalImpact>('sites.removalImpact', { id: sample.siteId });
    expect(impact).toMatchObject({ sources: 1, overlays: 8, mapFiles: 2, releases: 1, alertRules: 3, sample: true });
    expect(impact.events).toBeGreaterThan(300);

    const { removed } = await call<{ removed: SiteRemovalImpact }>('sample.remove', {});
    expect(removed).toMatchObject({ releases: 1, overlays: 8, sample: true });
    const { sites } = await call<{ sites: Site[] }>('sites.list', {});
    expect(sites.map((s) => s.id)).not.toContain(sample.siteId);
    expect(sites.map((s) => s.id)).toContain(keep.id);
    const events = await call<{ items: Event[] }>('events.list', { limit: 500 });
    expect(events.items.map((e) => e.id)).toEqual([keptEvent]);
    const rules = (await call<{ items: AlertRule[] }>('alertRules.list', {})).items;
    expect(rules).toEqual([]);
    expect(await call<SampleStatus>('sample.status', {})).toEqual({ siteId: null, streamingUntil: null });
    // The stream stopped with it: nothing arrives for the removed site.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await call<{ items: Event[] }>('events.list', { limit: 500 })).items).toHaveLength(1);
  });

  it('asks for the slug before removing a site, and refuses while the site has a tunnel interface', async () => {
    await expect(call('sites.remove', { id: keep.id, confirmSlug: 'real' })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'confirmSlug' }],
    });
    await call('tunnels.createInterface', {
      name: 'op-sample-t',
      role: 'hub',
      siteId: keep.id,
      poolV4: '198.18.70.0/24',
    });
    await expect(call('sites.remove', { id: keep.id, confirmSlug: 'real-yard' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('op-sample-t'),
    });
    // Still there, and still receiving.
    expect((await call<{ items: Event[] }>('events.list', { siteId: keep.id })).items.map((e) => e.id)).toEqual([
      keptEvent,
    ]);
  });

  it('can be loaded again after it was removed', async () => {
    const again = await call<SampleStatus>('sample.load', { minutes: 1 });
    expect(again.siteId).not.toBe(sample.siteId);
    expect((await call<{ removed: SiteRemovalImpact | null }>('sample.remove', {})).removed?.sample).toBe(true);
  });
});
