import { Agent, get } from 'node:http';
import autocannon from 'autocannon';
import { distCliExists, startOutpost, type OutpostServer } from '../../e2e/support/outpost-server.js';
import { createSite, overlayCsv, overlaySvg, signIn, uploadAsset } from '../lib/site-map-setup.js';
import { runOpenLoop } from '../lib/open-loop-load.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext, Figure } from '../lib/types.js';
import type { BenchCase } from '../lib/types.js';
import { rpc } from '../lib/webhook-source.js';

const CONNECTIONS = 100;
const SHAPES = 5_000;
const SLUG = 'bench-yard';

interface Target {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** The status every answer should have (304 for the conditional release.json). */
  expect: number;
}

/**
 * The fixed arrival rate of the second run of each endpoint: 100 boards asking 5 times a second
 * each (real boards poll status every few seconds and release.json every 30 s).
 */
const PACED_RATE = 500;

/**
 * autocannon against one URL: the connections ask as fast as answers come back (the server's
 * saturation, where a closed loop waits about connections ÷ throughput per answer). Latencies are
 * every response's time (its `response` event), nearest rank.
 */
async function hammer(server: OutpostServer, target: Target, seconds: number, ctx: BenchContext): Promise<Figure[]> {
  const options = { url: `${server.url}${target.path}`, headers: target.headers ?? {} };
  const name = target.name;
  // Warm-up (JIT, first-request work, the Core's caches) before measuring.
  await autocannon({ ...options, connections: 10, duration: 1 });

  const times: number[] = [];
  let bytes = 0;
  let unexpected = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...options, connections: CONNECTIONS, duration: seconds }, (err, res) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res),
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      if (statusCode === target.expect) {
        times.push(responseTime);
        bytes = resBytes;
      } else unexpected++;
    });
  });
  ctx.log(
    `  ${name}: ${result.requests.total} requests in ${result.duration} s, ${unexpected} unexpected, ${result.errors} errors`,
  );
  if (times.length === 0) throw new Error(`${name}: no ${target.expect} answers (errors: ${result.errors})`);
  return [
    {
      name: `${name} latency`,
      unit: 'ms',
      ...summarize(times),
      aim: { stat: 'p95', op: '<=', target: 20 },
      note: `${bytes} bytes per answer (headers included); autocannon's own p50 ${result.latency.p50}, p97.5 ${result.latency.p97_5}, p99 ${result.latency.p99} ms`,
    },
    { name: `${name} requests/s`, unit: 'req/s', value: Math.round(times.length / result.duration) },
    {
      name: `${name} other answers and errors`,
      unit: 'count',
      value: unexpected + result.errors + result.timeouts,
      aim: { stat: 'value', op: '<=', target: 0 },
    },
  ];
}

/**
 * The same URL at a fixed arrival rate (an open loop, bench/lib/open-loop-load.ts) over at most
 * CONNECTIONS keep-alive sockets: what one answer costs when the server keeps up. autocannon's own
 * rate cap sends each second's quota in a burst, which measures queueing, not the answer.
 */
async function paced(server: OutpostServer, target: Target, seconds: number, ctx: BenchContext): Promise<Figure[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const url = `${server.url}${target.path}`;
  const send = () =>
    new Promise<boolean>((resolve) => {
      get(url, { agent, headers: target.headers ?? {} }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode === target.expect));
        res.on('error', () => resolve(false));
      }).on('error', () => resolve(false));
    });
  const name = `${target.name} at ${PACED_RATE.toLocaleString('en')} req/s`;
  try {
    await runOpenLoop({ ratePerSecond: PACED_RATE / 2, durationSeconds: 1, send });
    const result = await runOpenLoop({ ratePerSecond: PACED_RATE, durationSeconds: seconds, send });
    ctx.log(`  ${name}: sent ${result.sent}, expected ${result.ok}, other ${result.failed}, dropped ${result.dropped}`);
    if (result.latenciesMs.length === 0) throw new Error(`${name}: no ${target.expect} answers`);
    return [
      {
        name: `${name} latency`,
        unit: 'ms',
        ...summarize(result.latenciesMs),
        aim: { stat: 'p95', op: '<=', target: 20 },
        note: `open loop over at most ${CONNECTIONS} keep-alive sockets, timed from send to the last byte`,
      },
      {
        name: `${name} other answers and dropped`,
        unit: 'count',
        value: result.failed + result.dropped,
        aim: { stat: 'value', op: '<=', target: 0 },
      },
    ];
  } finally {
    agent.destroy();
  }
}

const benchCase: BenchCase = {
  name: 'public-endpoints',
  description:
    `The public site-map endpoints at ${CONNECTIONS} concurrent connections (autocannon), for a site whose production ` +
    `release has ${SHAPES.toLocaleString('en')} bound overlays: GET release.json (full answer, and revalidation with ` +
    'If-None-Match → 304, what polling boards mostly send) and GET status, each run on its own: first as fast as the ' +
    `connections go (autocannon, saturation), then at a steady ${PACED_RATE.toLocaleString('en')} requests/s (open loop). Clients send ` +
    '`Accept-Encoding: gzip, deflate, br` as browsers do.',
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const seconds = ctx.quick ? 3 : 10;
    ctx.note(
      `Server: ${entry === 'dist' ? '`node dist/main/cli.js serve`' : 'main/cli.ts through tsx'}; ${seconds} s per endpoint after a 1 s warm-up at 10 connections.`,
    );
    ctx.note(
      'Rate limits raised through OUTPOST_RATE_LIMIT_PUBLIC_* so one client address measures the request path, not 429s ' +
        '(the default public bucket, 500 requests/s per address, is meant for fleets of boards, not for load generators).',
    );
    ctx.note(
      'Site set up over HTTP as the admin: overlay SVG with 5,000 rects uploaded (multipart), overlays bound to devices by ' +
        'a 5,000-row CSV import, published to production. Status comes from the internal integration (devices unknown).',
    );
    ctx.note(
      'autocannon runs in the bench process on the same machine, so client and server share its cores. At saturation ' +
        'a closed loop of 100 connections waits about 100 ÷ throughput per answer, so p95 ≤ 20 ms needs more than ' +
        '5,000 answers/s; the paced runs show the cost of an answer when the server keeps up. For the full release.json ' +
        '(≈ 59 KB gzipped, 695 KB plain) the saturation run is bounded by autocannon parsing bodies: profiled alone ' +
        'at 20 connections, the server was idle 70 % of the time.',
    );
    const server = await startOutpost({
      entry,
      env: {
        OUTPOST_LOG_LEVEL: 'warn',
        OUTPOST_RATE_LIMIT_BURST: '100000',
        OUTPOST_RATE_LIMIT_REFILL_PER_SECOND: '100000',
        OUTPOST_RATE_LIMIT_PUBLIC_BURST: '100000',
        OUTPOST_RATE_LIMIT_PUBLIC_REFILL_PER_SECOND: '100000',
      },
    });
    try {
      const token = await signIn(server);
      const siteId = await createSite(server, token, SLUG);
      const setupStarted = performance.now();
      const upload = await uploadAsset(server, token, siteId, 'overlay', overlaySvg(SHAPES), 'plant.svg');
      if (upload.overlaysCreated !== SHAPES) throw new Error(`upload created ${upload.overlaysCreated} overlays`);
      const imported = (await rpc(
        server,
        'sitemap.importOverlays',
        { siteId, format: 'csv', content: overlayCsv(SHAPES), dryRun: false },
        token,
      )) as { committed: boolean; summary: Record<string, number> };
      if (!imported.committed) throw new Error(`import not committed: ${JSON.stringify(imported.summary)}`);
      const release = (await rpc(server, 'releases.publish', { siteId, env: 'production' }, token)) as {
        sha256: string;
      };
      ctx.log(`  set up in ${Math.round(performance.now() - setupStarted)} ms`);

      const base = `/api/public/${SLUG}`;
      const gzip = { 'accept-encoding': 'gzip, deflate, br' };
      const targets: Target[] = [
        { name: 'release.json', path: `${base}/release.json`, headers: gzip, expect: 200 },
        {
          name: 'release.json 304',
          path: `${base}/release.json`,
          headers: { ...gzip, 'if-none-match': `"${release.sha256}"` },
          expect: 304,
        },
        { name: 'status', path: `${base}/status`, headers: gzip, expect: 200 },
      ];
      const figures: Figure[] = [];
      // A pause before each run lets the last one's sockets close and its garbage be collected.
      const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const target of targets) {
        await settle();
        figures.push(...(await hammer(server, target, seconds, ctx)));
      }
      for (const target of targets) {
        await settle();
        figures.push(...(await paced(server, target, seconds, ctx)));
      }
      return figures;
    } finally {
      await server.stop();
    }
  },
};

export default benchCase;
