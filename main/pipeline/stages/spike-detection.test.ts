import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSpikeDetector, DEFAULT_SPIKE_PARAMS, type SpikeParams } from './spikes.js';

/**
 * Spike detection on synthetic series with known spikes: Poisson background (half the series with a
 * daily swing of ±50 %), spikes of known size injected at known minutes. Precision and recall are
 * printed and written to bench/results/spike-detection.md; the assertions are floors measured here.
 */

const RESULTS = fileURLToPath(new URL('../../../bench/results/spike-detection.md', import.meta.url));
const RATES = [0.5, 1, 2, 5, 10, 20, 50];
const SIZES = [2, 3, 5, 10];
const SEEDS = 3;
const MINUTES = 1440;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(random: () => number, lambda: number): number {
  if (lambda > 30) return poisson(random, 30) + poisson(random, lambda - 30);
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

interface Episode {
  start: number;
  end: number;
}

interface Series {
  counts: number[];
  episodes: Episode[];
}

/** Spike minutes hold Poisson(size × rate) + minCount events: `size` times the traffic, and at least minCount. */
function makeSeries(seed: number, rate: number, size: number | null, diurnal: boolean): Series {
  const random = mulberry32(seed);
  const rateAt = (t: number) => (diurnal ? rate * (1 + 0.5 * Math.sin((2 * Math.PI * t) / MINUTES)) : rate);
  const counts = Array.from({ length: MINUTES }, (_, t) => poisson(random, rateAt(t)));
  const episodes: Episode[] = [];
  if (size !== null) {
    let t = DEFAULT_SPIKE_PARAMS.warmupMinutes + 30 + Math.floor(random() * 30);
    while (t < MINUTES - 5) {
      const duration = 1 + Math.floor(random() * 3);
      for (let m = t; m < t + duration; m++)
        counts[m] = poisson(random, size * rateAt(m)) + DEFAULT_SPIKE_PARAMS.minCount;
      episodes.push({ start: t, end: t + duration - 1 });
      t += duration + 60 + Math.floor(random() * 60);
    }
  }
  return { counts, episodes };
}

/** Feeds only the minutes that had events, as a quiet group would be seen. */
function detect(series: Series, params: Partial<SpikeParams> = {}): number[] {
  const detector = createSpikeDetector(params);
  const spikes: number[] = [];
  const base = 28_000_000;
  series.counts.forEach((count, t) => {
    if (count > 0 && detector.observe('g', base + t, count).spike) spikes.push(t);
  });
  return spikes;
}

interface Tally {
  episodes: number;
  detected: number;
  detections: number;
  falsePositives: number;
}

const empty = (): Tally => ({ episodes: 0, detected: 0, detections: 0, falsePositives: 0 });

function score(series: Series, spikes: number[], tally: Tally): void {
  tally.episodes += series.episodes.length;
  tally.detections += spikes.length;
  const hit = new Set<Episode>();
  for (const minute of spikes) {
    const episode = series.episodes.find((e) => minute >= e.start && minute <= e.end);
    if (episode) hit.add(episode);
    else tally.falsePositives += 1;
  }
  tally.detected += hit.size;
}

const precision = (t: Tally) => (t.detections === 0 ? 1 : (t.detections - t.falsePositives) / t.detections);
const recall = (t: Tally) => (t.episodes === 0 ? 1 : t.detected / t.episodes);
const f = (x: number) => x.toFixed(3);

interface Run {
  bySize: Map<number, Tally>;
  byRateSize: Map<string, Tally>;
  background: Map<number, Tally>;
}

function run(params: Partial<SpikeParams> = {}): Run {
  const bySize = new Map<number, Tally>(SIZES.map((s) => [s, empty()]));
  const byRateSize = new Map<string, Tally>();
  const background = new Map<number, Tally>(RATES.map((r) => [r, empty()]));
  let seed = 1;
  for (const rate of RATES) {
    for (let i = 0; i < SEEDS * 2; i++) {
      const series = makeSeries(seed++, rate, null, i % 2 === 1);
      score(series, detect(series, params), background.get(rate)!);
    }
    for (const size of SIZES) {
      const cell = empty();
      for (let i = 0; i < SEEDS; i++) {
        const series = makeSeries(seed++, rate, size, i % 2 === 1);
        const spikes = detect(series, params);
        score(series, spikes, cell);
        score(series, spikes, bySize.get(size)!);
      }
      byRateSize.set(`${rate}:${size}`, cell);
    }
  }
  return { bySize, byRateSize, background };
}

const backgroundMinutes = RATES.length * SEEDS * 2 * MINUTES;
const falsePerThousand = (r: Run) =>
  ([...r.background.values()].reduce((n, t) => n + t.falsePositives, 0) / backgroundMinutes) * 1000;

describe('spike detection on synthetic series', () => {
  const { bySize, byRateSize, background } = run();

  it('reports precision and recall per spike size and rate', () => {
    const lines = [
      '# Spike detection on synthetic series',
      '',
      'Written by `main/pipeline/stages/spike-detection.test.ts` (seeded, deterministic). Each series is one day',
      `(${MINUTES} minutes) of Poisson background at a rate of ${RATES.join(', ')} events/minute, half of them with a`,
      'daily swing of ±50 %. Spike episodes of 1–3 minutes are injected every 60–120 minutes after warm-up; a spike',
      `minute holds Poisson(size × rate) + minCount events (size = ${SIZES.join(', ')}). Only minutes with events are`,
      'given to the detector. A detection inside an episode is a true positive; any other is a false positive.',
      '',
      `Parameters: \`${JSON.stringify(DEFAULT_SPIKE_PARAMS)}\` (the defaults).`,
      '',
      '| spike size | episodes | detected | detections | false positives | precision | recall |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    ];
    for (const [size, t] of bySize) {
      lines.push(
        `| ${size}× + minCount | ${t.episodes} | ${t.detected} | ${t.detections} | ${t.falsePositives} | ${f(precision(t))} | ${f(recall(t))} |`,
      );
    }
    lines.push('', 'Recall by background rate (events/minute) and spike size:', '');
    lines.push(
      `| rate | ${SIZES.map((s) => `${s}×`).join(' | ')} |`,
      `| --- | ${SIZES.map(() => '---').join(' | ')} |`,
    );
    for (const rate of RATES) {
      lines.push(`| ${rate} | ${SIZES.map((s) => f(recall(byRateSize.get(`${rate}:${s}`)!))).join(' | ')} |`);
    }
    lines.push('', 'False positives on background only (no spikes injected):', '');
    lines.push('| rate | minutes | false positives | per 1,000 minutes |', '| --- | --- | --- | --- |');
    for (const [rate, t] of background) {
      const minutes = SEEDS * 2 * MINUTES;
      lines.push(`| ${rate} | ${minutes} | ${t.falsePositives} | ${f((t.falsePositives / minutes) * 1000)} |`);
    }
    lines.push('', 'The same series with other thresholds (`zThreshold`; other parameters default):', '');
    lines.push(
      `| zThreshold | precision (all sizes) | ${SIZES.map((s) => `recall ${s}×`).join(' | ')} | background false positives per 1,000 minutes |`,
      `| --- | --- | ${SIZES.map(() => '---').join(' | ')} | --- |`,
    );
    for (const zThreshold of [3, 3.5, 4, 5, 6]) {
      const r =
        zThreshold === DEFAULT_SPIKE_PARAMS.zThreshold ? { bySize, byRateSize, background } : run({ zThreshold });
      const all = [...r.bySize.values()].reduce((acc, t) => ({
        episodes: acc.episodes + t.episodes,
        detected: acc.detected + t.detected,
        detections: acc.detections + t.detections,
        falsePositives: acc.falsePositives + t.falsePositives,
      }));
      lines.push(
        `| ${zThreshold} | ${f(precision(all))} | ${SIZES.map((s) => f(recall(r.bySize.get(s)!))).join(' | ')} | ${f(falsePerThousand(r))} |`,
      );
    }
    lines.push(
      '',
      'Reading: with the default threshold of 4 a spike of five times the traffic is found about 19 times in 20 and',
      'a false spike comes about once per 30,000 quiet group-minutes (a site with 200 active groups sees about ten',
      'a day). Lowering the threshold to 3.5 finds nearly every 5× spike but raises false spikes about sevenfold.',
      'Spikes of 2× are mostly missed at low rates on purpose: at one event a minute, three events are not news.',
      'Real traffic is burstier than Poisson; the detector scales its test by the dispersion it measures per group.',
    );
    const report = `${lines.join('\n')}\n`;
    console.log(report);
    writeFileSync(RESULTS, report);

    // Floors a little under what this deterministic run gives (0.947 and 0.994 recall, ≥ 0.99 precision).
    for (const size of SIZES)
      expect(precision(bySize.get(size)!), `precision at ${size}x`).toBeGreaterThanOrEqual(0.95);
    expect(recall(bySize.get(5)!), 'recall at 5x').toBeGreaterThanOrEqual(0.92);
    expect(recall(bySize.get(10)!), 'recall at 10x').toBeGreaterThanOrEqual(0.98);
    expect(falsePerThousand({ bySize, byRateSize, background })).toBeLessThanOrEqual(0.1);
  });
});
