import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { createOutboundGuard } from '../outbound/index.js';
import { openStore, type Store } from '../store/index.js';
import { createHashedNgramEmbedder } from './embed/index.js';
import type { Embedder } from './embed/index.js';
import { createPipeline } from './pipeline.js';
import type { Pipeline, PipelineConfig } from './pipeline-types.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

const guard = createOutboundGuard({ allow: ['127.0.0.0/8'] });
afterAll(() => guard.close());

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
});

function config(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    grouping: { similarityThreshold: 0.9 },
    batch: { maxEvents: 100, maxWaitMs: 2 },
    spike: { warmupMinutes: 3, minCount: 5, cooldownMinutes: 0 },
    redaction: { patterns: [], disable: [] },
    classifier: { rules: [] },
    notify: { webhooks: [] },
    annThreshold: 5000,
    deviceCheckSeconds: 3600,
    media: { maxBytes: 1024 },
    ...overrides,
  };
}

interface Setup {
  store: Store;
  pipeline: Pipeline;
  scope: { tenantId: string; siteId: string };
  published: { topic: string; payload: unknown }[];
  dataDir: string;
}

async function setup(
  options: { config?: Partial<PipelineConfig>; now?: () => number; embedder?: Embedder; dataDir?: string } = {},
): Promise<Setup> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'outpost-pipeline-')));
  if (!options.dataDir) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const store = await openStore({ dataDir, migrate: 'auto' });
  cleanups.push(() => store.close());
  const tenant = store.tenants.ensureDefault();
  const site = store.sites.ensureDefault({ tenantId: tenant.id });
  const published: Setup['published'] = [];
  const pipeline = await createPipeline({
    store,
    embedder: options.embedder ?? createHashedNgramEmbedder(),
    bus: { publish: (_tenant, topic, payload) => void published.push({ topic, payload }) },
    logger: quiet,
    config: config(options.config),
    annDir: join(dataDir, 'ann'),
    // The webhook receivers of these tests listen on loopback, which the guard refuses unless allowed.
    fetch: guard.fetch,
    ...(options.now ? { now: options.now } : {}),
  });
  cleanups.push(() => pipeline.close());
  return { store, pipeline, scope: { tenantId: tenant.id, siteId: site.id }, published, dataDir };
}

describe('createPipeline', () => {
  it('answers with ids only once the events can be read back, grouped by template', async () => {
    const { store, pipeline, scope, published } = await setup();
    const { ids } = await pipeline.ingest(scope, 'src-1', [
      { message: 'User 17 logged in from 10.0.0.4' },
      { message: 'User 23 logged in from 10.0.0.9' },
      { message: 'Backup job finished in 42 seconds' },
    ]);
    const events = store.events.getMany(scope, ids);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events[0]!.groupId).toBe(events[1]!.groupId);
    expect(events[2]!.groupId).not.toBe(events[0]!.groupId);
    // A device address is kept by default (operators need it); personal data would not be.
    expect(events[0]!.message).toContain('10.0.0.4');
    expect(published.some((p) => p.topic === 'events.created')).toBe(true);
    expect(published.filter((p) => p.topic === 'groups.changed').length).toBeGreaterThanOrEqual(2);
  });

  it("redacts as each source chose, records the rules that fired, and sends a mapped device's events to its site", async () => {
    const { store, pipeline, scope } = await setup();
    const other = store.sites.create(scope, { name: 'Yard', slug: 'yard', timezone: 'UTC', address: '' });
    const strict = store.sources.create(scope, {
      kind: 'webhook',
      name: 'strict',
      config: {},
      enabled: true,
      redaction: { personal: true, network: true },
    });
    store.deviceSites.set(scope, 'cam-yard', other.id);
    pipeline.deviceSitesChanged(scope.tenantId);

    const line = 'login by bob@example.com from 10.1.2.3';
    const [byDefault] = (await pipeline.ingest(scope, 'unknown-source', [{ message: line }])).ids;
    const [byStrict, fromYard] = (
      await pipeline.ingest(scope, strict.id, [{ message: line }, { message: 'motion seen', device: 'cam-yard' }])
    ).ids;
    const read = (id: string | undefined) => store.events.get({ tenantId: scope.tenantId }, id!)!;
    expect(read(byDefault)).toMatchObject({ message: 'login by <email> from 10.1.2.3', redactions: { email: 1 } });
    expect(read(byStrict)).toMatchObject({ message: 'login by <email> from <ip>', redactions: { email: 1, ipv4: 1 } });
    expect(read(fromYard).siteId).toBe(other.id);
    expect(read(fromYard).redactions).toBeUndefined();
    expect(store.devices.get({ tenantId: scope.tenantId, siteId: other.id }, 'cam-yard')).toBeDefined();

    // Changed settings apply to the next events once the pipeline is told.
    store.sources.update(scope, strict.id, { redaction: { personal: false, network: false } });
    pipeline.sourceChanged(strict.id);
    const [relaxed] = (await pipeline.ingest(scope, strict.id, [{ message: line }])).ids;
    expect(read(relaxed).message).toBe(line);
  });

  it('refuses a batch with a bad event as a whole, naming its index and field', async () => {
    const { store, pipeline, scope } = await setup();
    const failure = await pipeline
      .ingest(scope, 'src-1', [{ message: 'fine' }, { message: '' } as never])
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(OutpostError);
    expect((failure as OutpostError).issues?.[0]?.path).toBe('1.message');
    expect(store.events.list(scope, { limit: 10 }).items).toEqual([]);
  });

  // A stand-in embedder that maps every text to the same direction: any new template is "similar".
  const same: Embedder = {
    kind: 'hashed-ngram',
    dimensions: 8,
    modelDir: null,
    embed: async (texts) => texts.map(() => new Float32Array([1, 0, 0, 0, 0, 0, 0, 0])),
    close: async () => {},
  };

  it('joins a new template to a near-identical group by similarity, shown on the template', async () => {
    const { store, pipeline, scope } = await setup({ embedder: same });
    const [a] = (await pipeline.ingest(scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    const [b] = (await pipeline.ingest(scope, 's', [{ message: 'Recorder disk nearly full now' }])).ids;
    await pipeline.flush();
    const [ea, eb] = store.events.getMany(scope, [a!, b!]);
    expect(eb!.groupId).toBe(ea!.groupId);
    const templates = store.templates.listForGroup(scope, ea!.groupId);
    expect(templates.map((t) => t.joinedBy).sort()).toEqual(['similarity', 'template']);
    expect(templates.find((t) => t.joinedBy === 'similarity')!.similarity).toBeCloseTo(1, 5);
  });

  /** `same`, but once held each call waits until the test lets it through. */
  function gated(): { embedder: Embedder; hold(): void; release(): void; calls: () => number } {
    let open = () => {};
    let gate = Promise.resolve();
    let calls = 0;
    return {
      embedder: {
        ...same,
        embed: async (texts, tenantId) => {
          calls++;
          await gate;
          return same.embed(texts, tenantId);
        },
      },
      hold() {
        gate = new Promise<void>((resolve) => (open = resolve));
      },
      release() {
        open();
        gate = Promise.resolve();
      },
      calls: () => calls,
    };
  }

  it('stores a new template at once and joins it to its twin when its embedding arrives', async () => {
    const model = gated();
    const { store, pipeline, scope } = await setup({ embedder: model.embedder });
    store.alertRules.create(scope, { type: 'new-group', name: 'New', severity: 'info', enabled: true, siteId: null });
    model.hold();
    // Both answered while the model has not embedded anything: nobody waits for it.
    const [a] = (await pipeline.ingest(scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    const [b] = (await pipeline.ingest(scope, 's', [{ message: 'Recorder disk nearly full now' }])).ids;
    expect(model.calls()).toBeGreaterThan(0);
    const [ea, eb] = store.events.getMany(scope, [a!, b!]);
    expect(eb!.groupId).not.toBe(ea!.groupId);
    expect(store.alerts.list(scope, { limit: 10 }).items).toEqual([]);

    model.release();
    await pipeline.flush();
    const [, joined] = store.events.getMany(scope, [a!, b!]);
    expect(joined!.groupId).toBe(ea!.groupId);
    expect(store.groups.get(scope, eb!.groupId)?.mergedInto).toBe(ea!.groupId);
    expect(store.groups.get(scope, ea!.groupId)?.count).toBe(2);
    // One new group, one alert: the twin that joined it is not news.
    expect(store.alerts.list(scope, { limit: 10 }).items.map((x) => x.groupId)).toEqual([ea!.groupId]);
  });

  it('checks a new group left unembedded by a stop at the next start', async () => {
    const model = gated();
    const first = await setup({ embedder: same });
    const [a] = (await first.pipeline.ingest(first.scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    await first.pipeline.flush();
    await first.pipeline.close();
    const second = await createPipeline({
      store: first.store,
      embedder: model.embedder,
      bus: { publish() {} },
      logger: quiet,
      config: config(),
      annDir: join(first.dataDir, 'ann'),
    });
    model.hold();
    const [b] = (await second.ingest(first.scope, 's', [{ message: 'Recorder disk nearly full now' }])).ids;
    await second.close();
    expect(first.store.events.get(first.scope, b!)!.groupId).not.toBe(first.store.events.get(first.scope, a!)!.groupId);

    const third = await createPipeline({
      store: first.store,
      embedder: same,
      bus: { publish() {} },
      logger: quiet,
      config: config(),
      annDir: join(first.dataDir, 'ann'),
    });
    cleanups.push(() => third.close());
    await third.flush();
    expect(first.store.events.get(first.scope, b!)!.groupId).toBe(first.store.events.get(first.scope, a!)!.groupId);
  });

  it('never joins templates that state different outcomes, however similar their embeddings', async () => {
    const { store, pipeline, scope } = await setup({ embedder: same });
    const { ids } = await pipeline.ingest(scope, 's', [
      { message: 'Before sync: pending=3 moved=0' },
      { message: 'After sync: pending=0 moved=3' },
      { message: 'Uplink up on port 3' },
      { message: 'Uplink down on port 3' },
    ]);
    expect(new Set(store.events.getMany(scope, ids).map((e) => e.groupId)).size).toBe(4);
  });

  it('uses the HNSW index above the threshold, saves it on close, reloads it and drops merged groups', async () => {
    const first = await setup({ config: { annThreshold: 0 } });
    const messages = ['Pump 3 pressure low', 'Fence sensor tamper alarm', 'Badge reader jammed at door'];
    for (const message of messages) await first.pipeline.ingest(first.scope, 's', [{ message }]);
    const vector = await first.pipeline.embedText('Pump 3 pressure low', first.scope.tenantId);
    const [nearest] = first.pipeline.nearestGroups(first.scope, vector, 1);
    const [event] = first.store.events.list(first.scope, { limit: 1, groupId: nearest!.groupId }).items;
    expect(event!.message).toBe('Pump 3 pressure low');
    await first.pipeline.close();
    const annFile = join(first.dataDir, 'ann', `${first.scope.tenantId}.${first.scope.siteId}.usearch`);
    expect(existsSync(annFile)).toBe(true);

    // A restart loads the saved index (its count matches the vec0 rows) and finds the same group.
    const again = await createPipeline({
      store: first.store,
      embedder: createHashedNgramEmbedder(),
      bus: { publish() {} },
      logger: quiet,
      config: config({ annThreshold: 0 }),
      annDir: join(first.dataDir, 'ann'),
    });
    cleanups.push(() => again.close());
    expect(again.nearestGroups(first.scope, vector, 1)[0]!.groupId).toBe(nearest!.groupId);
    // A merged group leaves the index with its vec0 row.
    const other = again
      .nearestGroups(first.scope, vector, 3)
      .map((n) => n.groupId)
      .filter((id) => id !== nearest!.groupId);
    first.store.groups.merge(first.scope, nearest!.groupId, [other[0]!]);
    again.groupsMerged(first.scope, nearest!.groupId, [other[0]!]);
    expect(again.nearestGroups(first.scope, vector, 3).map((n) => n.groupId)).not.toContain(other[0]);
  });

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
    const restarted = await createPipeline({
      store: first.store,
      embedder: createHashedNgramEmbedder(),
      bus: { publish() {} },
      logger: quiet,
      config: config(),
      annDir: join(first.dataDir, 'ann'),
      now: () => clock,
    });
    cleanups.push(() => restarted.close());
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
    const restarted = await createPipeline({
      store: first.store,
      embedder: createHashedNgramEmbedder(),
      bus: { publish() {} },
      logger: quiet,
      config: config(),
      annDir: join(first.dataDir, 'ann'),
      now: () => clock,
    });
    cleanups.push(() => restarted.close());
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
