import { spawn } from 'node:child_process';
import { distCliExists, nodeArgs, startOutpost, type OutpostEntry } from '../../e2e/support/outpost-server.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

async function firstHealthy(url: string, deadlineMs: number): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now();
    } catch {
      // not accepting yet
    }
    if (performance.now() > deadlineMs) throw new Error(`${url}/healthz never answered 200`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Spawn to exit of `outpost --help`: what every command pays before it runs (the CLI loads a command's modules when it runs). */
function helpExit(entry: OutpostEntry): Promise<number> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, nodeArgs(entry, ['--help']), { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - spawnedAt) : reject(new Error(`outpost --help exited ${code}`)),
    );
  });
}

const benchCase: BenchCase = {
  name: 'serve-cold-start',
  description:
    'Spawn `outpost serve --port 0` on a fresh data folder (new database, migrations, signing key) and time ' +
    'from spawn to the first 200 from GET /healthz; and spawn to exit of `outpost --help`.',
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    ctx.note(
      entry === 'dist'
        ? 'Ran the built `node dist/main/cli.js serve` (run `npm run build` first so it matches the source).'
        : 'Ran `node --import tsx main/cli.ts serve` (no dist/main/cli.js: includes on-the-fly TypeScript compilation).',
    );
    const runs = ctx.quick ? 3 : 10;
    const toListening: number[] = [];
    const toHealthy: number[] = [];
    for (let i = 0; i < runs; i++) {
      const server = await startOutpost({ entry, createAdmin: false, env: { OUTPOST_LOG_LEVEL: 'warn' } });
      try {
        const healthyAt = await firstHealthy(server.url, performance.now() + 30_000);
        toListening.push(server.listeningAt - server.spawnedAt);
        toHealthy.push(healthyAt - server.spawnedAt);
        ctx.log(`  run ${i + 1}/${runs}: ${(healthyAt - server.spawnedAt).toFixed(0)} ms`);
      } finally {
        await server.stop();
      }
    }
    const help: number[] = [];
    for (let i = 0; i < runs; i++) help.push(await helpExit(entry));
    return [
      {
        name: 'spawn to first 200 from /healthz',
        unit: 'ms',
        ...summarize(toHealthy),
        aim: { stat: 'p95', op: '<=', target: 3000 },
        note: `entry: ${entry}`,
      },
      { name: 'spawn to "Outpost listening" line', unit: 'ms', ...summarize(toListening), note: `entry: ${entry}` },
      { name: 'spawn to exit of `outpost --help`', unit: 'ms', ...summarize(help), note: `entry: ${entry}` },
    ];
  },
};

export default benchCase;
