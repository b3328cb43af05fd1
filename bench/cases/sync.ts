import { addBacklog } from '../../main/sync/test-support/index.js';
import { summarize } from '../lib/stats.js';
import { enrol, outboxOf, removeFolders, startNode, type Node } from '../lib/sync-pair.js';
import type { BenchCase, BenchContext, Figure } from '../lib/types.js';
import { createWebhookTarget, rpc } from '../lib/webhook-source.js';

/*
 * Sync (issue 14): a hub and sites, each `outpost serve` on loopback. Backlogs are written straight
 * into a stopped site's store with the store's own batch writer (outbox entry in the same transaction,
 * as the pipeline's batches): ingesting a million events through the pipeline would take longer than
 * the drain being measured.
 */

async function until(ok: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const drained = (site: Node) => async () => {
  const outbox = await outboxOf(site);
  return outbox.state === 'synced' && outbox.records === 0;
};

/** A site's backlog of `count` events drained to the hub: records per second, from the site's start. */
async function drain(ctx: BenchContext, hub: Node, count: number): Promise<Figure> {
  const site = await startNode('site');
  await enrol(hub, site, 'Drain yard');
  await site.stop();
  const filled = performance.now();
  await addBacklog(site.dir, { count });
  ctx.log(`  backlog of ${count} written in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  await site.start();
  // Timed from the first status the started site answers (its process start left out): what was
  // still queued then, to an empty outbox.
  const started = performance.now();
  const queued = (await outboxOf(site)).records;
  await until(drained(site), 30 * 60_000, 'the backlog is drained');
  const seconds = (performance.now() - started) / 1000;
  await site.stop();
  return {
    name: `drain of ${count.toLocaleString('en')} queued records`,
    unit: 'records/s',
    value: Math.round(queued / seconds),
    aim: { stat: 'value', op: '>=', target: 20_000 },
    note: `${queued.toLocaleString('en')} records still queued once the site answered, sent in ${seconds.toFixed(1)} s`,
  };
}

/** One event at a time posted to a connected site, timed from its 202 (committed) to its listing on the hub. */
async function commitToHub(hub: Node, samples: number): Promise<Figure> {
  const site = await startNode('site');
  try {
    const hubSiteId = await enrol(hub, site, 'Latency yard');
    const target = await createWebhookTarget(site.server);
    const latencies: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const message = `Barrier ${i} raised at lane ${i % 4}`;
      const response = await fetch(target.ingestUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
        body: JSON.stringify({ message, device: `lane-${i % 4}` }),
      });
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
      const committed = performance.now();
      await until(
        async () => {
          const page = (await rpc(hub.server, 'events.list', { siteId: hubSiteId, limit: 5 }, hub.token)) as {
            items: { message: string }[];
          };
          return page.items.some((e) => e.message === message);
        },
        60_000,
        `event ${i} is on the hub`,
      );
      latencies.push(performance.now() - committed);
      // Commits arrive at random moments of the site's push cycle.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
    }
    return {
      name: 'commit on a connected site to visible on the hub',
      unit: 'ms',
      ...summarize(latencies),
      aim: { stat: 'p95', op: '<=', target: 2000 },
      note: 'polled on the hub every 100 ms: up to 100 ms of each sample is the polling',
    };
  } finally {
    await site.stop();
  }
}

/** `sites` sites, each with a backlog, started at once: records the hub applied per second, all together. */
async function manySites(ctx: BenchContext, hub: Node, sites: number, each: number): Promise<Figure> {
  const nodes: Node[] = [];
  try {
    for (let i = 0; i < sites; i += 1) {
      const site = await startNode('site');
      nodes.push(site);
      await enrol(hub, site, `Yard ${i + 1}`);
      await site.stop();
      await addBacklog(site.dir, { count: each, sourceName: `Meters of yard ${i + 1}` });
    }
    ctx.log(`  ${sites} sites with ${each} records each`);
    const started = performance.now();
    await Promise.all(nodes.map((site) => site.start()));
    await Promise.all(
      nodes.map((site) =>
        until(drained(site), 20 * 60_000, 'every site is drained').catch(async (err: unknown) => {
          const status = (await rpc(site.server, 'sync.status', {}, site.token)) as object;
          throw new Error(`${String(err)}: ${JSON.stringify(status)}`);
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      name: `hub apply, ${sites} sites pushing at once`,
      unit: 'records/s',
      value: Math.round((sites * each) / seconds),
      note: `${(sites * each).toLocaleString('en')} records in ${seconds.toFixed(1)} s, the sites' process starts included`,
    };
  } finally {
    for (const site of nodes) await site.stop();
  }
}

const benchCase: BenchCase = {
  name: 'sync',
  description:
    'Sync between sites and the hub, each an `outpost serve` process on loopback: drain of a queued backlog, ' +
    'commit-to-hub latency with prompt push, and the hub applying pushes from 10 sites at once.',
  async run(ctx) {
    const backlog = ctx.quick ? 50_000 : 1_000_000;
    const samples = ctx.quick ? 10 : 60;
    const each = ctx.quick ? 5_000 : 50_000;
    ctx.note(
      `Backlogs (${backlog.toLocaleString('en')} records; 10 × ${each.toLocaleString('en')}) are written straight into each ` +
        'stopped site’s store through the store’s batch writer (1,000 events and one outbox entry per transaction), ' +
        'not ingested: ingesting them would take longer than the drain. Hub `sync.maxRequestBytes` at its default (1 MiB); ' +
        'site `sync.pushDelayMs` at its default (200 ms). Sites and hub share the machine’s cores.',
    );
    const hub = await startNode('hub');
    try {
      const figures: Figure[] = [];
      figures.push(await drain(ctx, hub, backlog));
      figures.push(await commitToHub(hub, samples));
      figures.push(await manySites(ctx, hub, 10, each));
      return figures;
    } finally {
      await hub.stop();
      await removeFolders();
    }
  },
};

export default benchCase;
