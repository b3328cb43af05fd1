import { seedSite } from '../../e2e/support/seeded-site.js';
import { rpc } from '../../e2e/support/site-map-fixture.js';
import { ADMIN } from '../../e2e/support/outpost-server.js';
import { measurePage, type Preset, type Storage } from '../lib/lighthouse-run.js';
import { startUiServer } from '../lib/ui-server.js';
import type { Aim, BenchCase, Figure } from '../lib/types.js';

/*
 * Environment: BENCH_LIGHTHOUSE_RENDERER_DIR serves another renderer build (e.g. an older commit's,
 * built elsewhere) from the same server, to compare before and after on the same machine and load.
 */
const KIB = 1024;

interface PageCase {
  name: string;
  path: string;
  signedIn: boolean;
  /** The most script a first visit may download, compressed (the aims). */
  jsBudgetKiB: number;
}

const atLeast = (target: number): Aim => ({ stat: 'value', op: '>=', target });
const atMost = (target: number): Aim => ({ stat: 'value', op: '<=', target });
const round1 = (n: number) => Math.round(n * 10) / 10;

const benchCase: BenchCase = {
  name: 'lighthouse',
  description:
    'Lighthouse (performance category) on the sign-in page, /events, /dashboard, /map and the wall board of a ' +
    'seeded installation served by `outpost serve`, mobile and desktop presets, each page a first visit (cold ' +
    'cache) in Debian Chromium, median of 3 runs.',
  async run(ctx) {
    const runs = ctx.quick ? 1 : 3;
    const rendererDir = process.env.BENCH_LIGHTHOUSE_RENDERER_DIR;
    if (rendererDir)
      ctx.note(`Renderer: the build in ${rendererDir} (BENCH_LIGHTHOUSE_RENDERER_DIR), not dist/renderer.`);
    const server = await startUiServer(ctx, rendererDir ? { OUTPOST_SERVER_RENDERER_DIR: rendererDir } : {});
    try {
      const seeded = await seedSite(server.url);
      const { token, user } = await rpc<{ token: string; user: unknown }>(server.url, 'auth.login', ADMIN);
      // The session exactly as the app keeps it after signing in (zustand persist, state/session.ts).
      const signedIn: Storage = { 'outpost.session': JSON.stringify({ state: { token, user }, version: 0 }) };
      const pages: PageCase[] = [
        { name: 'sign-in', path: '/', signedIn: false, jsBudgetKiB: 100 },
        { name: '/events', path: '/events', signedIn: true, jsBudgetKiB: 150 },
        { name: '/dashboard', path: '/dashboard', signedIn: true, jsBudgetKiB: 150 },
        { name: '/map', path: `/map?site=${seeded.siteId}`, signedIn: true, jsBudgetKiB: 150 },
        { name: 'wall board', path: `/wall/${seeded.slug}`, signedIn: false, jsBudgetKiB: 100 },
      ];
      ctx.note(
        'Data: a site with a published map of 40 overlays (half of the devices reporting), 17 events with error ' +
          'groups, an open alert, two alert rules, a snapshot, a webhook and an unreachable MQTT source ' +
          '(e2e/support/seeded-site.ts). Signed-in pages get the session token in local storage before loading.',
      );
      ctx.note(
        'Lighthouse 12 with its default simulated throttling: mobile = Moto G Power class, 4× CPU slowdown, ' +
          '150 ms RTT, 1.6 Mbps; desktop = its desktop preset (40 ms RTT, 10 Mbps, no CPU slowdown). ' +
          'JS transferred = script bytes over the network (compressed) during the load; unused JS = ' +
          "Lighthouse's unused-javascript estimate (transfer bytes). Every run uses a fresh browser profile.",
      );

      const figures: Figure[] = [];
      const hostIndexes: number[] = [];
      for (const preset of ['mobile', 'desktop'] as Preset[]) {
        for (const page of pages) {
          ctx.log(`lighthouse: ${page.name}, ${preset}`);
          const m = await measurePage(`${server.url}${page.path}`, preset, runs, page.signedIn ? signedIn : undefined);
          const label = `${page.name} (${preset})`;
          ctx.note(`${label}: performance scores of the runs ${m.scores.join(', ')}.`);
          hostIndexes.push(...m.benchmarkIndexes);
          figures.push(
            {
              name: `${label} performance`,
              unit: 'score',
              value: m.score,
              ...(preset === 'mobile' ? { aim: atLeast(95) } : {}),
            },
            { name: `${label} FCP`, unit: 'ms', value: Math.round(m.fcpMs) },
            { name: `${label} LCP`, unit: 'ms', value: Math.round(m.lcpMs) },
            { name: `${label} TBT`, unit: 'ms', value: Math.round(m.tbtMs) },
            { name: `${label} CLS`, unit: 'score', value: Math.round(m.cls * 1000) / 1000 },
            { name: `${label} Speed Index`, unit: 'ms', value: Math.round(m.speedIndexMs) },
            {
              name: `${label} JS transferred`,
              unit: 'KiB',
              value: round1(m.jsTransferredBytes / KIB),
              aim: atMost(page.jsBudgetKiB),
            },
            { name: `${label} unused JS`, unit: 'KiB', value: round1(m.unusedJsBytes / KIB), aim: atMost(200) },
          );
        }
      }
      ctx.note(
        'Simulated throttling multiplies the main-thread time it observes by the CPU slowdown, so a busy host ' +
          `inflates TBT and LCP: Lighthouse rated this host (benchmarkIndex) between ${Math.min(...hostIndexes)} and ` +
          `${Math.max(...hostIndexes)} during these runs; its 4× mobile slowdown assumes a host of about 1,000 or more.`,
      );
      return figures;
    } finally {
      await server.stop();
    }
  },
};

export default benchCase;
