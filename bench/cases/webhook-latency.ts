import { distCliExists, startOutpost } from '../../e2e/support/outpost-server.js';
import { createLogMix } from '../lib/log-mix.js';
import { runOpenLoop } from '../lib/open-loop-load.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';
import { createWebhookTarget, rpc } from '../lib/webhook-source.js';

const RATE = 1000;

const benchCase: BenchCase = {
  name: 'webhook-latency',
  description:
    `Webhook-to-queryable latency: JSON events POSTed to /api/ingest/{sourceId} at a fixed ${RATE} events/s ` +
    '(open loop), timed from send to the 202, which Outpost gives only after the event is committed and so queryable.',
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const seconds = ctx.quick ? 5 : 20;
    ctx.note(`Server: ${entry}; ${seconds} s at ${RATE}/s; 1% of lines are new templates; client in the same machine.`);
    const server = await startOutpost({ entry, env: { OUTPOST_LOG_LEVEL: 'warn' } });
    try {
      const target = await createWebhookTarget(server);
      const mix = createLogMix(7, 0.01);
      const ids: string[] = [];
      const post = async (): Promise<boolean> => {
        const response = await fetch(target.ingestUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
          body: JSON.stringify(mix.next()),
        });
        const body = (await response.json()) as { id?: string };
        if (response.status !== 202 || !body.id) return false;
        if (ids.length < 50 || Math.random() < 0.001) ids.push(body.id);
        return true;
      };
      // Warm-up: first templates, JIT, SQLite page cache.
      await runOpenLoop({ ratePerSecond: 200, durationSeconds: 2, send: post });
      const result = await runOpenLoop({ ratePerSecond: RATE, durationSeconds: seconds, send: post });
      ctx.log(`  sent ${result.sent}, 202 ${result.ok}, failed ${result.failed}, dropped ${result.dropped}`);
      // Queryable means queryable: every sampled id must be readable right after its 202.
      let missing = 0;
      for (const id of ids) {
        try {
          await rpc(server, 'events.get', { id }, target.session);
        } catch {
          missing++;
        }
      }
      if (result.latenciesMs.length === 0) throw new Error('no event was accepted');
      return [
        {
          name: `202 latency at ${RATE}/s`,
          unit: 'ms',
          ...summarize(result.latenciesMs),
          aim: { stat: 'p95', op: '<=', target: 1000 },
        },
        { name: 'accepted events/s', unit: 'events/s', value: Math.round(result.ok / result.elapsedSeconds) },
        {
          name: 'failed or dropped requests',
          unit: 'requests',
          value: result.failed + result.dropped,
          aim: { stat: 'value', op: '<=', target: 0 },
        },
        {
          name: 'sampled 202 events not readable by events.get',
          unit: 'events',
          value: missing,
          aim: { stat: 'value', op: '<=', target: 0 },
        },
      ];
    } finally {
      await server.stop();
    }
  },
};

export default benchCase;
