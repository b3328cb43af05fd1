import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pipelineHarness } from './test-support/pipeline-harness.js';

const harness = pipelineHarness();
const setup = harness.setup;
afterEach(() => harness.cleanup());
afterAll(() => harness.close());

describe('createPipeline: spikes, silent devices and alerts', () => {
  it('judges each closed minute per group and raises a spike alert', async () => {
    let clock = Date.UTC(2026, 0, 5, 10, 0, 0);
    const { store, pipeline, scope } = await setup({ now: () => clock });
    store.alertRules.create(scope, { type: 'spike', name: 'Spikes', severity: 'warning', enabled: true, siteId: null });
    pipeline.rulesChanged(scope.tenantId);
    // Quiet minutes build the baseline, then one minute with a burst.
    for (let minute = 0; minute < 6; minute++) {
      await pipeline.ingest(scope, 's', [{ message: 'Door 4 held open', time: clock }]);
      clock += 60_000;
      pipeline.checkSpikes();
    }
    const burst = Array.from({ length: 60 }, () => ({ message: 'Door 4 held open', time: clock }));
    await pipeline.ingest(scope, 's', burst);
    clock += 60_000;
    pipeline.checkSpikes();
    const alerts = store.alerts.list(scope, { limit: 10 }).items;
    expect(alerts).toContainEqual(
      expect.objectContaining({
        state: 'open',
        severity: 'warning',
        title: expect.stringMatching(/^Spike: 60 in a minute.*Door <\*> held open$/),
      }),
    );
  });

  it('rebuilds spike baselines from the stored minute counts after a restart', async () => {
    let clock = Date.UTC(2026, 0, 5, 10, 0, 0);
    const first = await setup({ now: () => clock });
    for (let minute = 0; minute < 6; minute++) {
      await first.pipeline.ingest(first.scope, 's', [{ message: 'Door 4 held open', time: clock }]);
      clock += 60_000;
    }
    await first.pipeline.close();
    first.store.alertRules.create(first.scope, {
      type: 'spike',
      name: 'Spikes',
      severity: 'warning',
      enabled: true,
      siteId: null,
    });
    const restarted = await harness.restart(first, { now: () => clock });
    const burst = Array.from({ length: 60 }, () => ({ message: 'Door 4 held open', time: clock }));
    await restarted.ingest(first.scope, 's', burst);
    clock += 60_000;
    restarted.checkSpikes();
    const alerts = first.store.alerts.list(first.scope, { limit: 10 }).items;
    expect(alerts).toContainEqual(
      expect.objectContaining({
        state: 'open',
        title: expect.stringMatching(/^Spike: 60 in a minute.*Door <\*> held open$/),
      }),
    );
  });

  it('raises a device-silent alert once a device has been quiet for the rule’s minutes', async () => {
    let clock = Date.UTC(2026, 0, 5, 10, 0, 0);
    const { store, pipeline, scope } = await setup({ now: () => clock });
    store.alertRules.create(scope, {
      type: 'device-silent',
      name: 'Gate camera quiet',
      device: 'cam-gate',
      minutes: 10,
      severity: 'critical',
      enabled: true,
      siteId: null,
    });
    pipeline.rulesChanged(scope.tenantId);
    await pipeline.ingest(scope, 's', [{ message: 'Motion at gate', device: 'cam-gate', time: clock }]);
    clock += 5 * 60_000;
    pipeline.checkDevices();
    expect(store.alerts.list(scope, { limit: 10 }).items).toEqual([]);
    clock += 6 * 60_000;
    pipeline.checkDevices();
    const [alert] = store.alerts.list(scope, { limit: 10 }).items;
    expect(alert).toEqual(expect.objectContaining({ device: 'cam-gate', severity: 'critical', state: 'open' }));
  });

  it('gives a device that never reported the rule’s minutes from the rule’s creation', async () => {
    // The store stamps the rule's creation with the wall clock, so the pipeline's clock starts there.
    let clock = Date.now();
    const { store, pipeline, scope } = await setup({ now: () => clock });
    store.alertRules.create(scope, { ...gateRule, device: 'cam-not-installed-yet' });
    pipeline.rulesChanged(scope.tenantId);
    clock += 9 * 60_000;
    pipeline.checkDevices();
    expect(store.alerts.list(scope, { limit: 10 }).items).toEqual([]);
    clock += 2 * 60_000;
    pipeline.checkDevices();
    expect(store.alerts.list(scope, { limit: 10 }).items).toEqual([
      expect.objectContaining({
        device: 'cam-not-installed-yet',
        state: 'open',
        title: expect.stringMatching(/^cam-not-installed-yet has sent nothing in 1[01] minutes$/),
      }),
    ]);
  });

  it('remembers when devices last reported across a restart', async () => {
    let clock = Date.now();
    const first = await setup({ now: () => clock });
    first.store.alertRules.create(first.scope, gateRule);
    await first.pipeline.ingest(first.scope, 's', [{ message: 'Motion at gate', device: 'cam-gate', time: clock }]);
    await first.pipeline.close();
    // Restarted 15 minutes after the rule was made, 5 after the gate last spoke: nothing is silent yet.
    clock += 15 * 60_000;
    const restarted = await harness.restart(first, { now: () => clock });
    await restarted.ingest(first.scope, 's', [
      { message: 'Motion at gate', device: 'cam-gate', time: clock - 5 * 60_000 },
    ]);
    restarted.checkDevices();
    expect(first.store.alerts.list(first.scope, { limit: 10 }).items).toEqual([]);
    clock += 6 * 60_000;
    restarted.checkDevices();
    expect(first.store.alerts.list(first.scope, { limit: 10 }).items).toEqual([
      expect.objectContaining({ device: 'cam-gate', title: 'cam-gate silent for 11 minutes' }),
    ]);
  });

  it('watches a device of an every-site rule only on the sites where it reports', async () => {
    let clock = Date.now();
    const { store, pipeline, scope } = await setup({ now: () => clock });
    const north = store.sites.create(
      { tenantId: scope.tenantId },
      { name: 'North yard', slug: 'north-yard', timezone: 'UTC', address: '' },
    );
    store.alertRules.create(scope, gateRule);
    await pipeline.ingest(scope, 's', [{ message: 'Motion at gate', device: 'cam-gate', time: clock }]);
    clock += 11 * 60_000;
    pipeline.checkDevices();
    const alerts = store.alerts.list({ tenantId: scope.tenantId }, { limit: 10 }).items;
    expect(alerts.map((a) => [a.siteId, a.device])).toEqual([[scope.siteId, 'cam-gate']]);
    expect(alerts.some((a) => a.siteId === north.id)).toBe(false);
  });
});

const gateRule = {
  type: 'device-silent',
  name: 'Gate camera quiet',
  device: 'cam-gate',
  minutes: 10,
  severity: 'critical',
  enabled: true,
  siteId: null,
} as const;

describe('outgoing webhook of a pipeline alert', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((r) => server!.close(r));
    server = undefined;
  });

  it('posts a new-group alert to the configured URL', async () => {
    const received: unknown[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
    const { store, pipeline, scope } = await setup({
      config: { notify: { webhooks: [{ url, minSeverity: 'info' }] } },
    });
    store.alertRules.create(scope, {
      type: 'new-group',
      name: 'New',
      severity: 'critical',
      enabled: true,
      siteId: null,
    });
    pipeline.rulesChanged(scope.tenantId);
    await pipeline.ingest(scope, 's', [{ message: 'Generator started on mains failure' }]);
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([
      expect.objectContaining({ type: 'alert', alert: expect.objectContaining({ severity: 'critical' }) }),
    ]);
  });
});
