import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalStatusConfigSchema, OutpostError, type SiteStatus, type StatusMapping } from '../contract/index.js';
import type { SiteScope, Store } from '../store/index.js';
import { eventRow, openPipelineStore } from '../store/test-support/index.js';
import { createOutboundGuard } from '../outbound/index.js';
import { createSiteStatusService } from './status-service.js';
import type { SiteStatusService, SiteStatusServiceOptions } from './status-service-types.js';
import { json, startStatusUpstream, type StatusUpstream } from './test-support/status-upstream.js';

const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const MAPPING: StatusMapping = { rules: [{ match: 'FORCED', status: 'alarm' }], custom: [] };

let fx: Awaited<ReturnType<typeof openPipelineStore>>;
let upstream: StatusUpstream;
let service: SiteStatusService | undefined;
let published: { tenantId: string; status: SiteStatus }[];

beforeEach(async () => {
  fx = await openPipelineStore();
  upstream = await startStatusUpstream();
  published = [];
});
afterEach(async () => {
  await service?.close();
  service = undefined;
  await upstream?.close();
  fx?.close();
});

// The upstream listens on loopback, which the guard refuses unless allowed.
const guard = createOutboundGuard({ allow: ['127.0.0.0/8'] });
afterAll(() => guard.close());

function start(options: Partial<SiteStatusServiceOptions> = {}): SiteStatusService {
  service = createSiteStatusService({
    store: fx.store,
    fetch: guard.fetch,
    publish: (tenantId, status) => published.push({ tenantId, status }),
    ttlMs: 1_000,
    externalPolicy: FAST,
    ...options,
  });
  return service;
}

function useExternal(scope: SiteScope, extra: Record<string, unknown> = {}): void {
  fx.store.integrations.set(scope, {
    kind: 'external',
    external: ExternalStatusConfigSchema.parse({
      url: upstream.url,
      authHeader: { name: 'Authorization', value: 'Bearer s3cret' },
      listPath: 'items',
      idField: 'id',
      statusField: 'status',
      ...extra,
    }),
    statusMapping: MAPPING,
    offlineAfterMinutes: 10,
  });
}

const statuses = (...pairs: [string, string][]) => ({ items: pairs.map(([id, status]) => ({ id, status })) });

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('site status service, external integration', () => {
  it('asks the upstream once for 50 concurrent clients in one window', async () => {
    useExternal(fx.a);
    upstream.answer(json(statuses(['door-2', 'FORCED'], ['door-1', 'OK'])));
    const svc = start({ ttlMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => svc.get(fx.a)));
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer s3cret');
    for (const answer of answers) {
      expect(answer).toMatchObject({
        siteId: fx.a.siteId,
        integration: 'external',
        items: [
          { id: 'door-1', raw: 'OK', status: 'ok' },
          { id: 'door-2', raw: 'FORCED', status: 'alarm' },
        ],
        unmapped: [],
        stale: false,
        error: null,
      });
    }
    // The same object for every caller while nothing changed (the public endpoint memoises on it).
    expect(new Set(answers).size).toBe(1);
    // One push for the first answer, not one per client.
    expect(published).toHaveLength(1);
    expect(published[0]!.tenantId).toBe(fx.a.tenantId);
  });

  it('serves the last good answer with its age and the error when the upstream fails', async () => {
    useExternal(fx.a);
    let clock = 1_000_000;
    upstream.answer(json(statuses(['door-1', 'OK'])));
    const logged: Record<string, unknown>[] = [];
    const svc = start({ now: () => clock, log: { info: () => undefined, warn: (fields) => void logged.push(fields) } });
    const good = await svc.get(fx.a);
    expect(good.updatedAt).toBe(1_000_000);

    clock += 45_000;
    upstream.answer(json({ error: 'db down' }, 500));
    const stale = await svc.get(fx.a);
    expect(stale).toMatchObject({ items: good.items, stale: true, updatedAt: 1_000_000 });
    // Every signed-in user sees the status: the text that tells no ports apart; the log has what happened.
    expect(stale.error).toMatch(/gave no usable answer/);
    expect(stale.error).not.toMatch(/HTTP 500/);
    expect(stale.error).not.toContain('s3cret');
    expect(logged.map((fields) => fields.error)).toEqual([expect.stringMatching(/HTTP 500/)]);
    expect(clock - stale.updatedAt!).toBe(45_000);
    // Three attempts for the failed read, and no more while the window lasts.
    expect(upstream.requests).toHaveLength(4);
    await svc.get(fx.a);
    expect(upstream.requests).toHaveLength(4);
    expect(published.map((p) => p.status.stale)).toEqual([false, true]);
  });

  it('lists the raw values no rule maps, shown as unknown', async () => {
    useExternal(fx.a);
    upstream.answer(json(statuses(['a', 'OK'], ['b', 'Jammed'], ['c', 'weird'], ['d', 'jammed'], ['e', 'FORCED'])));
    const status = await start().get(fx.a);
    expect(status.unmapped).toEqual(['Jammed', 'weird']);
    expect(status.items.filter((i) => i.status === 'unknown').map((i) => i.id)).toEqual(['b', 'c', 'd']);
  });

  it('pushes a change upstream after the poll interval, asking no more than once per interval', async () => {
    useExternal(fx.a, { pollIntervalSeconds: 5 });
    upstream.answer(json(statuses(['door-1', 'OK'])));
    const svc = start({ ttlMs: 200 });
    await svc.get(fx.a);
    upstream.answer(json(statuses(['door-1', 'FORCED'])));
    await until(() => published.length === 2, 'the change to be pushed');
    expect(published[1]!.status.items).toEqual([{ id: 'door-1', raw: 'FORCED', status: 'alarm' }]);
    // The start-up scan and the get shared the first request; the background poll made the second.
    expect(upstream.requests).toHaveLength(2);
  });

  it('says why before a first answer, and recovers after reconfigure', async () => {
    useExternal(fx.a, { listPath: 'data.list' });
    upstream.answer(json(statuses(['door-1', 'OK'])));
    const svc = start();
    const err = await svc.get(fx.a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutpostError);
    expect((err as OutpostError).code).toBe('unavailable');
    expect((err as OutpostError).message).toMatch(/no list at "data\.list".*Check the list path/);

    useExternal(fx.a, { listPath: 'items' });
    svc.reconfigure(fx.a);
    expect((await svc.get(fx.a)).items).toEqual([{ id: 'door-1', raw: 'OK', status: 'ok' }]);
  });

  it('answers nothing once closed', async () => {
    const svc = start();
    await svc.close();
    await expect(svc.get(fx.a)).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('site status service, internal integration', () => {
  const T0 = 1_700_000_000_000;

  function seed(store: Store, scope: SiteScope) {
    const source = store.sources.create(scope, { kind: 'webhook', name: 'hook', config: {}, enabled: true });
    const group = store.groups.create(scope, { key: 'k', template: 'motion <*>' });
    const ids = { sourceId: source.id, groupId: group.group.id, templateId: group.template.templateId };
    store.events.insertBatch(scope, [
      eventRow({ ...ids, device: 'cam-1', kind: 'detection', time: T0 }),
      eventRow({ ...ids, device: 'door-2', kind: 'device', time: T0 }),
    ]);
    const rule = store.alertRules.create(scope, {
      name: 'r',
      type: 'new-group',
      severity: 'warning',
      enabled: true,
      siteId: null,
    });
    const alert = (key: string, device: string, severity: 'info' | 'warning' | 'critical') =>
      store.alerts.openOrTouch(scope, {
        ruleId: rule.id,
        dedupeKey: key,
        title: key,
        detail: '',
        severity,
        device,
        at: T0,
      }).alert.id;
    return { alert };
  }

  it('is alarm for an open critical alert, offline after N minutes, warning for other alerts', async () => {
    const { alert } = seed(fx.store, fx.a);
    const forced = alert('forced', 'door-2', 'critical');
    alert('tamper', 'ghost', 'info');
    let clock = T0 + 60_000;
    const svc = start({ now: () => clock });
    const raw = async () => Object.fromEntries((await svc.get(fx.a)).items.map((i) => [i.id, i.status]));

    expect(await raw()).toEqual({ 'cam-1': 'ok', 'door-2': 'alarm', ghost: 'warning' });

    clock = T0 + 11 * 60_000;
    expect(await raw()).toEqual({ 'cam-1': 'offline', 'door-2': 'alarm', ghost: 'warning' });

    // Acknowledged is still unresolved; resolved is over.
    fx.store.alerts.acknowledge(fx.a, forced, 'tester');
    clock += 2_000;
    expect((await raw())['door-2']).toBe('alarm');
    fx.store.alerts.resolve(fx.a, forced, 'tester');
    clock += 2_000;
    expect(await raw()).toEqual({ 'cam-1': 'offline', 'door-2': 'offline', ghost: 'warning' });

    // The other tenant's site sees none of it.
    expect((await svc.get(fx.b)).items).toEqual([]);
  });

  it('applies the mapping to internal values too', async () => {
    seed(fx.store, fx.a);
    fx.store.integrations.set(fx.a, {
      kind: 'internal',
      external: null,
      statusMapping: {
        rules: [{ match: 'ok', status: 'calm' }],
        custom: [{ name: 'calm', color: '#00ff00', label: 'Calm' }],
      },
      offlineAfterMinutes: 10,
    });
    const status = await start({ now: () => T0 }).get(fx.a);
    expect(status.items).toEqual([
      { id: 'cam-1', raw: 'ok', status: 'calm' },
      { id: 'door-2', raw: 'ok', status: 'calm' },
    ]);
  });

  it('pushes soon after touch() once the window has passed', async () => {
    const { alert } = seed(fx.store, fx.a);
    const started = Date.now();
    const svc = start({ ttlMs: 200, touchDelayMs: 10, now: () => T0 + Date.now() - started });
    await svc.get(fx.a);
    expect(published).toHaveLength(1);
    alert('forced', 'cam-1', 'critical');
    svc.touch(fx.a);
    await until(() => published.length === 2, 'the alarm to be pushed', 5_000);
    expect(published[1]!.status.items.find((i) => i.id === 'cam-1')?.status).toBe('alarm');
  });

  it('shows a local change within the touch delay, not at the end of a 30 s cache window', async () => {
    const { alert } = seed(fx.store, fx.a);
    const started = Date.now();
    const svc = start({ ttlMs: 30_000, touchDelayMs: 10, now: () => T0 + Date.now() - started });
    expect((await svc.get(fx.a)).items.find((i) => i.id === 'cam-1')?.status).toBe('ok');
    alert('forced', 'cam-1', 'critical');
    for (let i = 0; i < 20; i++) svc.touch(fx.a); // a burst: one recompute
    await until(() => published.length === 2, 'the alarm to be pushed', 5_000);
    expect(published[1]!.status.items.find((i) => i.id === 'cam-1')?.status).toBe('alarm');
    // Asking afterwards gets the recomputed answer, not the first one from the cache.
    expect((await svc.get(fx.a)).items.find((i) => i.id === 'cam-1')?.status).toBe('alarm');
    expect(published).toHaveLength(2);
  });
});
