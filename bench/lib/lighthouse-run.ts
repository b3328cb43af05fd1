import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { CHROMIUM_PATH } from '../../e2e/support/system-packages.js';

export type Preset = 'mobile' | 'desktop';

/** What one page measured, from the median of its runs. */
export interface PageFigures {
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Script bytes as they crossed the network (compressed), all scripts of the load. */
  jsTransferredBytes: number;
  /** Lighthouse's estimate of script bytes downloaded but never run during the load (transfer size). */
  unusedJsBytes: number;
  /** Every run's performance score, in order: how steady the figure is. */
  scores: number[];
  /** Lighthouse's rating of the host's speed at each run (higher is faster). */
  benchmarkIndexes: number[];
}

/** Local storage to put in place before the page loads (a signed-in session, as the app keeps it). */
export type Storage = Record<string, string>;

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function auditNumber(lhr: Result, id: string): number {
  return lhr.audits[id]?.numericValue ?? Number.NaN;
}

function scriptTransfer(lhr: Result): number {
  const items = (lhr.audits['resource-summary']?.details as { items?: Array<Record<string, unknown>> } | undefined)
    ?.items;
  const script = items?.find((item) => item.resourceType === 'script');
  return Number(script?.transferSize ?? 0);
}

function unusedJs(lhr: Result): number {
  const details = lhr.audits['unused-javascript']?.details as { items?: Array<{ wastedBytes?: number }> } | undefined;
  return (details?.items ?? []).reduce((sum, item) => sum + (item.wastedBytes ?? 0), 0);
}

/**
 * One Lighthouse navigation in a Chromium of its own (a new profile each time, so nothing is cached:
 * every run is a first visit). With `storage`, the origin's local storage is filled first on a
 * page that loads none of the app (/healthz), and Lighthouse is told to leave storage alone; the
 * HTTP cache is cleared all the same.
 */
async function runOnce(url: string, preset: Preset, storage: Storage | undefined): Promise<Result> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROMIUM_ARGS,
    logLevel: 'silent',
  });
  try {
    if (storage) {
      const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
      try {
        const page = await browser.newPage();
        await page.goto(new URL('/healthz', url).href);
        await page.evaluate((entries: Storage) => {
          for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
        }, storage);
        const cdp = await page.createCDPSession();
        await cdp.send('Network.clearBrowserCache');
        await page.close();
      } finally {
        await browser.disconnect();
      }
    }
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        disableStorageReset: storage !== undefined,
      },
      preset === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const error = result.lhr.runtimeError;
    if (error) throw new Error(`Lighthouse could not measure ${url}: ${error.code} ${error.message}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

/** `runs` navigations of `url` with a preset; the figures of the median run (Lighthouse's own pick). */
export async function measurePage(url: string, preset: Preset, runs: number, storage?: Storage): Promise<PageFigures> {
  const results: Result[] = [];
  for (let i = 0; i < runs; i++) {
    // Lighthouse sometimes loses the trace on a machine this busy (NO_NAVSTART): one more try.
    results.push(await runOnce(url, preset, storage).catch(() => runOnce(url, preset, storage)));
  }
  const median = computeMedianRun(results);
  return {
    score: Math.round((median.categories.performance?.score ?? 0) * 100),
    fcpMs: auditNumber(median, 'first-contentful-paint'),
    lcpMs: auditNumber(median, 'largest-contentful-paint'),
    tbtMs: auditNumber(median, 'total-blocking-time'),
    cls: auditNumber(median, 'cumulative-layout-shift'),
    speedIndexMs: auditNumber(median, 'speed-index'),
    jsTransferredBytes: scriptTransfer(median),
    unusedJsBytes: unusedJs(median),
    scores: results.map((r) => Math.round((r.categories.performance?.score ?? 0) * 100)),
    benchmarkIndexes: results.map((r) => Math.round(r.environment.benchmarkIndex)),
  };
}
