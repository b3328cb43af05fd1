import autocannon from 'autocannon';
import { distCliExists, startOutpost } from '../../e2e/support/outpost-server.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

const CONNECTIONS = 100;

const benchCase: BenchCase = {
  name: 'health-http',
  description:
    `autocannon against POST /api/rpc/system.health (body {}, application/json) with ${CONNECTIONS} connections ` +
    'on one `outpost serve` (rate limit raised so the figures measure the request path, not 429s).',
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const durationSeconds = ctx.quick ? 3 : 10;
    ctx.note(
      `Server: ${entry === 'dist' ? '`node dist/main/cli.js serve`' : '`node --import tsx main/cli.ts serve`'}.`,
    );
    ctx.note(
      'p50/p95/p99 are nearest-rank percentiles of every response time autocannon measured (its `response` event), ' +
        "not autocannon's own summary, which has no p95 (it reports p97.5); autocannon's p50/p99 are listed beside them.",
    );
    ctx.note(
      'autocannon runs inside the bench process on the same machine, so client and server share its cores; ' +
        'a 1 s warm-up with 10 connections precedes the measured run.',
    );
    const server = await startOutpost({
      entry,
      createAdmin: false,
      env: {
        OUTPOST_LOG_LEVEL: 'warn',
        OUTPOST_RATE_LIMIT_BURST: '100000',
        OUTPOST_RATE_LIMIT_REFILL_PER_SECOND: '100000',
      },
    });
    try {
      // Warm up (JIT, first-request work) before measuring.
      await autocannon({
        url: `${server.url}/api/rpc/system.health`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        connections: 10,
        duration: 1,
      });

      const times: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: `${server.url}/api/rpc/system.health`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
            connections: CONNECTIONS,
            duration: durationSeconds,
          },
          (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
        );
        instance.on('response', (_client, statusCode, _bytes, responseTime) => {
          if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
        });
      });
      ctx.log(
        `  ${result.requests.total} requests in ${result.duration} s, ${result.non2xx} non-2xx, ${result.errors} errors`,
      );
      if (times.length === 0) throw new Error(`no 2xx responses (non-2xx: ${result.non2xx}, errors: ${result.errors})`);
      const latency = summarize(times);
      const okPerSecond = times.length / result.duration;
      return [
        {
          name: 'latency (2xx)',
          unit: 'ms',
          ...latency,
          note: `autocannon's own: p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms`,
        },
        {
          name: 'requests/s (2xx)',
          unit: 'req/s',
          value: Math.round(okPerSecond),
          note: `autocannon mean ${Math.round(result.requests.average)} req/s over ${result.duration} s`,
        },
        { name: 'non-2xx responses', unit: 'count', value: result.non2xx, aim: { stat: 'value', op: '<=', target: 0 } },
        {
          name: 'errors and timeouts',
          unit: 'count',
          value: result.errors + result.timeouts,
          aim: { stat: 'value', op: '<=', target: 0 },
        },
      ];
    } finally {
      await server.stop();
    }
  },
};

export default benchCase;
