import {
  distCliExists,
  startOutpost,
  type OutpostEntry,
  type OutpostServer,
} from '../../e2e/support/outpost-server.js';
import { staleRendererReason } from '../../e2e/support/renderer-build.js';
import type { BenchContext } from './types.js';

/**
 * `outpost serve` for a case that drives the UI in a browser: refuses a renderer build older than
 * its sources, runs the built CLI when there is one (BENCH_OUTPOST_ENTRY=source forces the sources
 * through tsx), lifts the rate limits a browser measuring in a loop would hit, and notes which ran.
 */
export async function startUiServer(ctx: BenchContext, env: Record<string, string> = {}): Promise<OutpostServer> {
  const stale = staleRendererReason(ctx.root);
  if (stale) throw new Error(`${stale}: run npm run build:renderer (npm run bench does) before this case`);
  const entry = (process.env.BENCH_OUTPOST_ENTRY as OutpostEntry | undefined) ?? (distCliExists() ? 'dist' : 'source');
  ctx.note(`Server: ${entry === 'dist' ? '`node dist/main/cli.js serve`' : '`node --import tsx main/cli.ts serve`'}.`);
  return startOutpost({
    entry,
    env: {
      OUTPOST_LOG_LEVEL: 'warn',
      OUTPOST_RATE_LIMIT_BURST: '100000',
      OUTPOST_RATE_LIMIT_REFILL_PER_SECOND: '100000',
      ...env,
    },
  });
}
