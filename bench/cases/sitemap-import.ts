import { distCliExists, startOutpost } from '../../e2e/support/outpost-server.js';
import { createSite, overlayCsv, signIn } from '../lib/site-map-setup.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

const ROWS = 10_000;

const benchCase: BenchCase = {
  name: 'sitemap-import',
  description:
    `Bulk overlay import over HTTP: a ${ROWS.toLocaleString('en')}-row CSV (each row an overlay bound to a device) ` +
    'through POST /api/rpc/sitemap.importOverlays onto a fresh site, timed from send to the parsed answer: the dry run ' +
    '(plan), the commit (plan again and write every row), and both one after the other as the editor does them.',
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const repetitions = ctx.quick ? 2 : 7;
    const content = overlayCsv(ROWS);
    ctx.note(
      `Server: ${entry === 'dist' ? '`node dist/main/cli.js serve`' : 'main/cli.ts through tsx'}; ${repetitions} repetitions, each on a new site (so every row is created), after one warm-up import.`,
    );
    ctx.note(
      `The CSV is ${content.length.toLocaleString('en')} bytes (${JSON.stringify({ content }).length.toLocaleString('en')} as JSON); the server runs with its default body limits: ` +
        'sitemap.importOverlays has a limit of its own (sitemap.maxImportRows × 256 bytes, 12.8 MB by default) instead of server.bodyLimitBytes (1 MiB), which a 50,000-row file would pass.',
    );
    const server = await startOutpost({
      entry,
      env: {
        OUTPOST_LOG_LEVEL: 'warn',
        OUTPOST_RATE_LIMIT_BURST: '100000',
        OUTPOST_RATE_LIMIT_REFILL_PER_SECOND: '100000',
      },
    });
    try {
      const token = await signIn(server);
      const importOnce = async (siteId: string, dryRun: boolean): Promise<{ ms: number; answerBytes: number }> => {
        const started = performance.now();
        const response = await fetch(`${server.url}/api/rpc/sitemap.importOverlays`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ siteId, format: 'csv', content, dryRun }),
        });
        const text = await response.text();
        const body = JSON.parse(text) as { summary?: { created: number }; committed?: boolean };
        const ms = performance.now() - started;
        if (response.status !== 200)
          throw new Error(`importOverlays answered ${response.status}: ${text.slice(0, 500)}`);
        if (body.summary?.created !== ROWS || body.committed !== !dryRun) {
          throw new Error(`unexpected import answer: ${JSON.stringify(body.summary)} committed=${body.committed}`);
        }
        return { ms, answerBytes: text.length };
      };

      const warm = await createSite(server, token, 'import-warm-up');
      await importOnce(warm, true);
      await importOnce(warm, false);

      const dry: number[] = [];
      const commit: number[] = [];
      const both: number[] = [];
      let answerBytes = 0;
      for (let i = 0; i < repetitions; i++) {
        const siteId = await createSite(server, token, `import-${i + 1}`);
        const planned = await importOnce(siteId, true);
        const committed = await importOnce(siteId, false);
        dry.push(planned.ms);
        commit.push(committed.ms);
        both.push(planned.ms + committed.ms);
        answerBytes = committed.answerBytes;
        ctx.log(`  #${i + 1}: dry run ${Math.round(planned.ms)} ms, commit ${Math.round(committed.ms)} ms`);
      }
      const note = `${repetitions} runs; answers are about ${Math.round(answerBytes / 1024).toLocaleString('en')} KiB (every row with its overlay)`;
      return [
        { name: 'dry run', unit: 'ms', ...summarize(dry), aim: { stat: 'p95', op: '<=', target: 2000 }, note },
        { name: 'commit', unit: 'ms', ...summarize(commit), aim: { stat: 'p95', op: '<=', target: 2000 }, note },
        {
          name: 'dry run then commit',
          unit: 'ms',
          ...summarize(both),
          aim: { stat: 'p95', op: '<=', target: 2000 },
          note: 'the sum of each run\u2019s two calls: what the user waits in the editor in all',
        },
      ];
    } finally {
      await server.stop();
    }
  },
};

export default benchCase;
