import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { publishGridMap } from '../../e2e/support/site-map-fixture.js';
import { CHROMIUM_PATH } from '../../e2e/support/system-packages.js';
import { summarize } from '../lib/stats.js';
import { startUiServer } from '../lib/ui-server.js';
import type { BenchCase, Figure } from '../lib/types.js';

/*
 * Environment (for running this case alone with tsx, without `npm run bench`'s build):
 *  - BENCH_OUTPOST_ENTRY=source runs the server from the sources when dist/main is older than them;
 *  - BENCH_VIEWER_TRACE=1 logs every frame interval and frame time, to see where the slow ones fall.
 */
const OVERLAYS = 5_000;
const VIEWPORT = { width: 1280, height: 800 };
/** One frame at 60 Hz; a delta above 1.5 frames means at least one vsync was missed. */
const FRAME_MS = 1000 / 60;

/**
 * tsx (esbuild) wraps named functions in a `__name(fn, "name")` helper; functions handed to
 * page.evaluate run in the page, which has no such helper. The page's CSP forbids evaluating
 * strings, so functions it is, with a stand-in helper installed before any page script.
 */
const NAME_HELPER = 'globalThis.__name = (fn) => fn;';

interface Sampler {
  __frames: number[];
  __work: number[];
  __longTasks: number[];
  __sampling: boolean;
}

/**
 * Installed in the page before measuring, results kept on window:
 *  - frame intervals: deltas between requestAnimationFrame timestamps (multiples of the 16.7 ms
 *    refresh: a missed frame shows as 33 ms);
 *  - main-thread frame time: from the frame's start (the rAF timestamp) to a message posted from
 *    the rAF callback, which runs only after the browser finished that frame's input handlers,
 *    style, layout, paint and commit: the work a frame costs the main thread, comparable to 16 ms;
 *  - long tasks (over 50 ms).
 */
function startSampling(): void {
  const w = window as unknown as Sampler;
  w.__frames = [];
  w.__work = [];
  w.__longTasks = [];
  w.__sampling = true;
  let last = 0;
  let frameStart = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    w.__work.push(performance.now() - frameStart);
  };
  const tick = (t: number) => {
    if (!w.__sampling) return;
    if (last) w.__frames.push(t - last);
    last = t;
    frameStart = t;
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: frames alone are reported.
  }
}

function stopSampling(): { frames: number[]; work: number[]; longTasks: number[] } {
  const w = window as unknown as Sampler;
  w.__sampling = false;
  return { frames: w.__frames, work: w.__work, longTasks: w.__longTasks };
}

/** Every overlay painted (data-status set) and the first status answer applied (some are ok). */
function drawn(n: number): boolean {
  const root = document.querySelector('.map-overlay-host')?.shadowRoot;
  return (
    !!root &&
    root.querySelectorAll('[data-status]').length >= n &&
    root.querySelectorAll('[data-status="ok"]').length > 0
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drags the map in small steps along a figure of eight for `ms`, like a hand panning around. */
async function pan(page: Page, ms: number): Promise<number> {
  const cx = VIEWPORT.width / 2;
  const cy = VIEWPORT.height / 2 + 40;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const start = performance.now();
  let moves = 0;
  while (performance.now() - start < ms) {
    const t = (performance.now() - start) / 1000;
    await page.mouse.move(cx + 220 * Math.sin(t * 2.1), cy + 140 * Math.sin(t * 4.2));
    moves++;
    await sleep(4);
  }
  await page.mouse.up();
  return moves;
}

/** Wheel steps around the cursor: in, then half-way back out. */
async function zoom(page: Page): Promise<void> {
  await page.mouse.move(VIEWPORT.width * 0.4, VIEWPORT.height * 0.55);
  for (let i = 0; i < 8; i++) {
    await page.mouse.wheel(0, -120);
    await sleep(60);
  }
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 120);
    await sleep(60);
  }
}

const benchCase: BenchCase = {
  name: 'viewer-frame-time',
  description:
    `Frame time of the map viewer while panning and zooming with ${OVERLAYS.toLocaleString('en')} overlays: ` +
    'the public wall board (/wall/{slug}, the same MapCanvas as the Map page) in Chromium at 1280×800; ' +
    "each frame's main-thread time and the interval between frames, sampled in the page during ~3 s of " +
    'mouse-drag panning, a wheel zoom, and 1.5 s more panning.',
  async run(ctx) {
    const panMs = ctx.quick ? 1_500 : 3_000;
    ctx.note(
      `Browser: Debian Chromium (${CHROMIUM_PATH}) headless with the e2e flags, including --disable-gpu: ` +
        'software rasterising and compositing, so these figures are a floor for a desktop with a GPU.',
    );
    ctx.note(
      `Map: an overlay SVG of ${OVERLAYS.toLocaleString('en')} rooms (rects and paths with ids) over an SVG base map, ` +
        'every overlay bound to a device by a JSON import, 40 % of the devices reporting through a webhook (ok) and the ' +
        'rest unknown, published to production; the board reads the public release.json, assets and status.',
    );
    ctx.note(
      "Main-thread frame time = from a frame's requestAnimationFrame timestamp to a message posted from that " +
        "callback, which runs once the frame's input handlers, style, layout, paint and commit are done; frame " +
        'interval = delta between consecutive rAF timestamps (16.7 ms at 60 Hz when no frame is dropped); ' +
        `dropped frames = intervals over 1.5 × ${FRAME_MS.toFixed(1)} ms; long tasks from PerformanceObserver. ` +
        'Input comes from Playwright (page.mouse: each move waits for the page, so the move rate also shows how ' +
        'responsive it stayed), sharing the 2 cores with the browser and the server.',
    );

    const server = await startUiServer(ctx);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    try {
      const published = await publishGridMap(server.url, { count: OVERLAYS });
      ctx.log(`  published ${published.slug}: ${JSON.stringify(published.timings)}`);
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.addInitScript({ content: NAME_HELPER });

      const opened = performance.now();
      await page.goto(`${server.url}/wall/${published.slug}`);
      // Drawn = every overlay painted (data-status set), and the status answer applied (some are ok).
      const painted = page.locator('.map-overlay-host [data-status]');
      await page.waitForFunction(drawn, OVERLAYS, { timeout: 120_000, polling: 100 });
      const drawnMs = performance.now() - opened;
      ctx.log(`  ${await painted.count()} overlays drawn ${Math.round(drawnMs)} ms after navigation`);
      // Let the first raster and any late layout settle before measuring.
      await sleep(1_000);

      await page.evaluate(startSampling);
      const moves1 = await pan(page, panMs);
      await zoom(page);
      // The canvas re-rasterises 200 ms after the last wheel step; panning resumes on the sharp layer.
      await sleep(400);
      const moves2 = await pan(page, panMs / 2);
      const { frames, work, longTasks } = await page.evaluate(stopSampling);
      ctx.log(`  ${frames.length} frames, ${moves1 + moves2} pointer moves, ${longTasks.length} long tasks`);
      if (process.env.BENCH_VIEWER_TRACE) {
        ctx.log(`  intervals: ${frames.map((f) => Math.round(f)).join(' ')}`);
        ctx.log(`  work: ${work.map((f) => Math.round(f)).join(' ')}`);
      }
      if (frames.length < 30) throw new Error(`only ${frames.length} frames were sampled`);

      const dropped = frames.filter((d) => d > FRAME_MS * 1.5).length;
      const figures: Figure[] = [
        {
          name: 'main-thread frame time while panning and zooming',
          unit: 'ms',
          ...summarize(work),
          aim: { stat: 'p95', op: '<=', target: 16 },
          note: `frame start to the end of its rendering work; ${moves1 + moves2} pointer moves and 12 wheel steps`,
        },
        {
          name: 'frame interval (rAF deltas)',
          unit: 'ms',
          ...summarize(frames),
          note: 'multiples of the 16.7 ms refresh: 16.7 = on time, 33 = one frame dropped',
        },
        { name: 'dropped frames', unit: '%', value: (100 * dropped) / frames.length },
        {
          name: 'long tasks (>50 ms) during the interaction',
          unit: 'count',
          value: longTasks.length,
          note: longTasks.length ? `longest ${Math.round(Math.max(...longTasks))} ms` : 'none',
        },
        {
          name: 'time to first full paint of the board',
          unit: 'ms',
          value: drawnMs,
          note: 'navigation to every overlay coloured with the first status answer',
        },
      ];
      await page.close();
      return figures;
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

export default benchCase;
