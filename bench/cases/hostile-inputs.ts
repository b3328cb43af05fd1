import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { distCliExists, startOutpost, type OutpostServer } from '../../e2e/support/outpost-server.js';
import { createSite, signIn } from '../lib/site-map-setup.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase, Figure } from '../lib/types.js';

/**
 * Issue 8's worst inputs, all at once, against one `outpost serve`: status-mapping tests with the classic
 * catastrophic patterns over an upstream of hostile values, 9 MB overlay uploads from one tenant, and
 * status integrations aimed at refused addresses. The figure is the server's own event-loop delay, read
 * from its /metrics (prom-client's `nodejs_eventloop_lag_*`, perf_hooks.monitorEventLoopDelay sampled
 * every 10 ms and reset on each read): one read before the load, one after, so the figure covers the load
 * window. Later rows of issue 8 add their inputs to LOADS.
 */

const CATASTROPHIC = ['^(a+)+$', '(a|aa)+$', '(.*a){25}', '(x+x+)+y', '^(\\w+\\s?)*$', '(a|a)*b', '^OK$'];
const REFUSED_TARGETS = [
  'http://169.254.169.254/latest/meta-data/',
  'http://0x7f000002:1/status',
  'http://10.0.0.1/status',
  'http://[::ffff:127.0.0.2]:1/status',
  'http://[fd00::1]/status',
];

/** A 9 MB overlay: one shape whose path data is most of the file (as a detailed CAD export can be). */
function largeOverlay(bytes: number): Uint8Array<ArrayBuffer> {
  const head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000"><path id="outline" d="M0 0';
  const tail = 'Z"/></svg>';
  const step = ' L12.5 34.5';
  const body = step.repeat(Math.floor((bytes - head.length - tail.length) / step.length));
  return new TextEncoder().encode(`${head}${body}${tail}`) as Uint8Array<ArrayBuffer>;
}

async function startHostileUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const items = Array.from({ length: 500 }, (_, i) => ({
    id: `u-${i}`,
    state: i % 2 === 0 ? `${'a'.repeat(250)}!` : 'x'.repeat(255),
  }));
  const body = JSON.stringify({ items });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function eventLoopLag(server: OutpostServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const match of text.matchAll(/^nodejs_eventloop_lag_(p50|p99|max|mean)_seconds (\S+)$/gmu)) {
    out[match[1]!] = Number(match[2]) * 1000;
  }
  return out;
}

const benchCase: BenchCase = {
  name: 'hostile-inputs',
  description:
    "The server's event-loop delay (p99 and max, from its /metrics: perf_hooks.monitorEventLoopDelay at 10 ms resolution) " +
    'while a client sends the worst inputs of issue 8 at once: status-mapping tests with catastrophic regular expressions ' +
    'over 500 hostile values, 9 MB overlay uploads from one tenant, and status integrations aimed at refused addresses; ' +
    'plus /healthz latency measured by a prober meanwhile.',
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const seconds = ctx.quick ? 3 : 15;
    const upstream = await startHostileUpstream();
    const server = await startOutpost({
      entry,
      extraArgs: ['--allow-outbound', '127.0.0.1/32'],
      env: {
        OUTPOST_LOG_LEVEL: 'warn',
        OUTPOST_RATE_LIMIT_BURST: '100000',
        OUTPOST_RATE_LIMIT_REFILL_PER_SECOND: '100000',
      },
    });
    try {
      const token = await signIn(server);
      const siteId = await createSite(server, token, 'hostile');
      const overlay = largeOverlay(9 * 1024 * 1024);
      const post = (method: string, input: unknown) =>
        fetch(`${server.url}/api/rpc/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        });
      const external = (url: string) => ({ url, listPath: '$.items', idField: 'id', statusField: 'state' });
      const mapping = { rules: CATASTROPHIC.map((pattern) => ({ match: { pattern }, status: 'alarm' })), custom: [] };

      const statuses = new Map<string, Map<number, number>>();
      const count = (kind: string, status: number) => {
        const byStatus = statuses.get(kind) ?? new Map<number, number>();
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        statuses.set(kind, byStatus);
      };
      const LOADS: { kind: string; loops: number; once(i: number): Promise<number> }[] = [
        {
          kind: 'catastrophic mapping test',
          loops: 3,
          once: () =>
            post('integrations.test', {
              siteId,
              kind: 'external',
              external: external(upstream.url),
              statusMapping: mapping,
            }),
        },
        {
          kind: '9 MB overlay upload (one tenant)',
          loops: 3,
          once: async () => {
            const form = new FormData();
            form.append('kind', 'overlay');
            form.append('file', new Blob([overlay]), 'plant.svg');
            const r = await fetch(`${server.url}/api/sites/${siteId}/assets`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}` },
              body: form,
            });
            await r.arrayBuffer();
            return r.status;
          },
        },
        {
          kind: 'integration aimed at a refused address',
          loops: 2,
          once: (i) =>
            post('integrations.test', {
              siteId,
              kind: 'external',
              external: external(REFUSED_TARGETS[i % REFUSED_TARGETS.length]!),
            }),
        },
      ];

      // Warm-up (the SVG worker's first start, JIT).
      await LOADS[0]!.once(0);
      await LOADS[1]!.once(0);
      ctx.note(
        `Server: ${entry === 'dist' ? '`node dist/main/cli.js serve`' : 'main/cli.ts through tsx'} with --allow-outbound 127.0.0.1/32 (the hostile upstream); default worker limits (SVG: 1 thread, 3 waiting per tenant). ` +
          `Phases of ${seconds} s each: idle, each load alone, then all at once; the server's histogram is read (and so reset) at each phase's start and end.`,
      );

      /** Runs `loads` (none: idle) for the phase's length; the server's lag over it, and /healthz as a client saw it. */
      const phase = async (name: string, loads: typeof LOADS) => {
        await eventLoopLag(server);
        const until = performance.now() + seconds * 1000;
        const loops = loads.flatMap((load) =>
          Array.from({ length: load.loops }, async () => {
            for (let i = 0; performance.now() < until; i++) count(load.kind, await load.once(i).catch(() => 0));
          }),
        );
        const probe: number[] = [];
        const prober = (async () => {
          while (performance.now() < until) {
            const started = performance.now();
            await (await fetch(`${server.url}/healthz`)).arrayBuffer();
            probe.push(performance.now() - started);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })();
        await Promise.all([...loops, prober]);
        const lag = await eventLoopLag(server);
        ctx.log(`  ${name}: lag p99 ${lag.p99!.toFixed(1)} ms, max ${lag.max!.toFixed(1)} ms`);
        return { lag, probe };
      };

      const figures: Figure[] = [];
      const note = 'includes the 10 ms sampling interval: an idle server reads about 10 ms';
      const idle = await phase('idle', []);
      figures.push({ name: 'event-loop delay p99, idle', unit: 'ms', value: idle.lag.p99!, note });
      for (const load of LOADS) {
        const alone = await phase(load.kind, [load]);
        figures.push({ name: `event-loop delay p99, ${load.kind} alone`, unit: 'ms', value: alone.lag.p99!, note });
        figures.push({ name: `event-loop delay max, ${load.kind} alone`, unit: 'ms', value: alone.lag.max! });
      }
      statuses.clear();
      const all = await phase('all at once', LOADS);
      for (const [kind, byStatus] of statuses) {
        const parts = [...byStatus].map(([status, n]) => `${n} × ${status === 0 ? 'no answer' : status}`);
        ctx.note(`All at once, ${kind}: ${parts.join(', ')}`);
      }
      ctx.note(
        `Load average at the end: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(', ')} (${cpus().length} cores).`,
      );
      return [
        {
          name: 'event-loop delay p99, all at once',
          unit: 'ms',
          value: all.lag.p99!,
          aim: { stat: 'value', op: '<=', target: 20 },
          note,
        },
        { name: 'event-loop delay max, all at once', unit: 'ms', value: all.lag.max! },
        { name: '/healthz, all at once', unit: 'ms', ...summarize(all.probe) },
        ...figures,
      ];
    } finally {
      await server.stop();
      await upstream.close();
    }
  },
};

export default benchCase;
