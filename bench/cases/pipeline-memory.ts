import { readFileSync } from 'node:fs';
import { distCliExists, startOutpost } from '../../e2e/support/outpost-server.js';
import { createLogMix } from '../lib/log-mix.js';
import { runOpenLoop } from '../lib/open-loop-load.js';
import type { BenchCase } from '../lib/types.js';
import { createWebhookTarget } from '../lib/webhook-source.js';

const EVENTS_PER_SECOND = 2000;
const BATCH = 20;

function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const benchCase: BenchCase = {
  name: 'pipeline-memory',
  description:
    `Resident memory of \`outpost serve\` while ${EVENTS_PER_SECOND} events/s arrive through the webhook ` +
    `(batches of ${BATCH}) for 5 minutes: RSS sampled every 5 s; flat memory means the last minute's ` +
    "average is close to the second minute's.",
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const seconds = ctx.quick ? 30 : 300;
    ctx.note(`Server: ${entry}; ${seconds} s; 1% new templates; RSS from /proc/<pid>/status.`);
    const server = await startOutpost({ entry, env: { OUTPOST_LOG_LEVEL: 'warn' } });
    const samples: { t: number; mib: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(
      () => samples.push({ t: (Date.now() - started) / 1000, mib: residentMiB(server.pid) }),
      5000,
    );
    try {
      const target = await createWebhookTarget(server);
      const mix = createLogMix(11, 0.01);
      samples.push({ t: 0, mib: residentMiB(server.pid) });
      const result = await runOpenLoop({
        ratePerSecond: EVENTS_PER_SECOND / BATCH,
        durationSeconds: seconds,
        send: async () => {
          const response = await fetch(target.ingestUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
            body: JSON.stringify(Array.from({ length: BATCH }, () => mix.next())),
          });
          await response.arrayBuffer();
          return response.status === 202;
        },
      });
      clearInterval(sampler);
      samples.push({ t: (Date.now() - started) / 1000, mib: residentMiB(server.pid) });
      const window = (from: number, to: number) => {
        const inWindow = samples.filter((s) => s.t >= from && s.t < to).map((s) => s.mib);
        return inWindow.reduce((a, b) => a + b, 0) / Math.max(1, inWindow.length);
      };
      const early = window(seconds * 0.2, seconds * 0.4);
      const late = window(seconds * 0.8, seconds * 1.01);
      ctx.log(`  ${result.ok} batches accepted, ${result.failed} failed, ${result.dropped} dropped`);
      ctx.note(`RSS samples (s: MiB): ${samples.map((s) => `${Math.round(s.t)}: ${s.mib.toFixed(0)}`).join(', ')}.`);
      return [
        { name: 'RSS at start', unit: 'MiB', value: Math.round(samples[0]!.mib) },
        { name: 'RSS peak', unit: 'MiB', value: Math.round(Math.max(...samples.map((s) => s.mib))) },
        {
          name: 'RSS growth, last fifth vs second fifth',
          unit: '%',
          value: Math.round(((late - early) / early) * 1000) / 10,
          aim: { stat: 'value', op: '<=', target: 10 },
        },
        { name: 'events accepted/s', unit: 'events/s', value: Math.round((result.ok * BATCH) / result.elapsedSeconds) },
        { name: 'failed or dropped batches', unit: 'requests', value: result.failed + result.dropped },
      ];
    } finally {
      clearInterval(sampler);
      await server.stop();
    }
  },
};

export default benchCase;
