import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createAnnIndex,
  DEFAULT_CONNECTIVITY,
  DEFAULT_EXPANSION_ADD,
  DEFAULT_EXPANSION_SEARCH,
} from '../../native/ann/index.js';
import { openDatabase } from '../../native/sqlite/index.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase, Figure } from '../lib/types.js';

const DIMENSIONS = 384;
const K = 10;
const CENTRES = 1_000;
/** Per-coordinate noise around a centre: noise of length ≈ 0.6 against unit centres, so clusters overlap a little. */
const NOISE = 0.03;
const CONNECTIVITY = DEFAULT_CONNECTIVITY;
const EXPANSION_ADD = DEFAULT_EXPANSION_ADD;
/** The sweep behind native/ann's default expansionSearch; the figures are for the default. */
const EXPANSION_SEARCH_CANDIDATES = [...new Set([16, 24, 32, DEFAULT_EXPANSION_SEARCH, 64, 128])].sort((a, b) => a - b);
const RECALL_AIM = 0.95;

/** mulberry32 + Box–Muller: seeded, so every run searches the same data. */
function gaussianSource(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function normaliseInPlace(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i]! *= s;
  return v;
}

/** Unit vectors scattered around random unit centres, like embeddings of many variants of fewer templates. */
function clusteredVectors(count: number, centres: Float32Array[], gauss: () => number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const centre = centres[Math.floor(Math.abs(gauss() * 1e6)) % centres.length]!;
    const v = new Float32Array(DIMENSIONS);
    for (let d = 0; d < DIMENSIONS; d++) v[d] = centre[d]! + NOISE * gauss();
    out.push(normaliseInPlace(v));
  }
  return out;
}

/**
 * Exact top-k by squared L2 over every vector, for all queries at once: each stored vector is read once
 * and compared with every query while it is in cache (one query at a time re-reads 150 MB per query).
 */
function bruteForce(data: Float32Array[], queries: Float32Array[], k: number): number[][] {
  const best = queries.map(() => ({ ids: new Int32Array(k).fill(-1), ds: new Float64Array(k).fill(Infinity) }));
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    for (let q = 0; q < queries.length; q++) {
      const query = queries[q]!;
      const top = best[q]!;
      const worst = top.ds[k - 1]!;
      let d = 0;
      for (let j = 0; j < DIMENSIONS; j++) {
        const diff = v[j]! - query[j]!;
        d += diff * diff;
      }
      if (d >= worst) continue;
      let at = k - 1;
      while (at > 0 && top.ds[at - 1]! > d) {
        top.ds[at] = top.ds[at - 1]!;
        top.ids[at] = top.ids[at - 1]!;
        at--;
      }
      top.ds[at] = d;
      top.ids[at] = i;
    }
  }
  return best.map((b) => Array.from(b.ids));
}

function recallAt(found: number[][], truth: number[][]): number {
  let hits = 0;
  truth.forEach((t, q) => {
    const set = new Set(found[q]);
    for (const i of t) if (set.has(i)) hits++;
  });
  return hits / (truth.length * K);
}

const benchCase: BenchCase = {
  name: 'vector-search',
  description:
    `k=${K} nearest-neighbour search over clustered ${DIMENSIONS}-dim unit vectors (seeded; ${CENTRES} centres + ` +
    `Gaussian noise σ=${NOISE} per coordinate, queries drawn the same way but not in the set): usearch HNSW through ` +
    'native/ann (squared L2, one search thread) against exact brute-force ground truth, and sqlite-vec exact `vec0` ' +
    'search on the same data through native/sqlite.',
  async run(ctx) {
    const count = ctx.quick ? 10_000 : 100_000;
    const truthQueries = ctx.quick ? 50 : 100;
    const latencyQueries = ctx.quick ? 300 : 2_000;
    const sqliteQueries = ctx.quick ? 20 : 100;
    const gauss = gaussianSource(20_250_101);
    const centres = Array.from({ length: CENTRES }, () =>
      normaliseInPlace(Float32Array.from({ length: DIMENSIONS }, gauss)),
    );
    const data = clusteredVectors(count, centres, gauss);
    const queries = clusteredVectors(latencyQueries, centres, gauss);
    ctx.log(`  ${count} vectors, ${latencyQueries} queries generated`);

    let t = performance.now();
    const truth = bruteForce(data, queries.slice(0, truthQueries), K);
    const bruteMs = (performance.now() - t) / truthQueries;
    ctx.log(`  ground truth for ${truthQueries} queries: ${bruteMs.toFixed(1)} ms per query`);

    const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-vectors-'));
    const figures: Figure[] = [];
    try {
      t = performance.now();
      const built = createAnnIndex({ dimensions: DIMENSIONS, connectivity: CONNECTIVITY, expansionAdd: EXPANSION_ADD });
      built.addMany(
        data.map((_, i) => BigInt(i)),
        data,
      );
      const buildSeconds = (performance.now() - t) / 1000;
      const file = join(dir, 'vectors.usearch');
      built.save(file);
      ctx.log(`  HNSW built in ${buildSeconds.toFixed(1)} s`);

      // The search-time expansion is not stored in the file: load the same graph with each setting.
      const trials: { ef: number; recall: number; latencies: number[]; cpuMs: number }[] = [];
      for (const ef of EXPANSION_SEARCH_CANDIDATES) {
        const index = createAnnIndex({ dimensions: DIMENSIONS, connectivity: CONNECTIVITY, expansionSearch: ef });
        index.load(file);
        const found = truth.map((_, q) => index.search(queries[q]!, K).keys.map(Number));
        for (const q of queries.slice(0, 100)) index.search(q, K); // warm-up
        const cpuBefore = process.cpuUsage();
        const latencies = queries.map((q) => {
          const start = performance.now();
          index.search(q, K);
          return performance.now() - start;
        });
        const cpu = process.cpuUsage(cpuBefore);
        const recall = recallAt(found, truth);
        trials.push({ ef, recall, latencies, cpuMs: (cpu.user + cpu.system) / 1000 / queries.length });
        const s = summarize(latencies);
        ctx.log(
          `  expansionSearch ${ef}: recall@10 ${recall.toFixed(4)}, p50 ${s.p50.toFixed(3)} ms, p95 ${s.p95.toFixed(3)} ms`,
        );
      }
      const chosen = trials.find((r) => r.ef === DEFAULT_EXPANSION_SEARCH)!;
      const smallest = trials.find((r) => r.recall >= RECALL_AIM);
      ctx.note(
        `HNSW connectivity ${CONNECTIVITY}, expansionAdd ${EXPANSION_ADD}; expansionSearch tried: ` +
          trials
            .map((r) => `${r.ef} → recall ${r.recall.toFixed(3)}, p95 ${summarize(r.latencies).p95.toFixed(3)} ms`)
            .join('; ') +
          `. Smallest meeting recall ≥ ${RECALL_AIM}: ${smallest ? smallest.ef : 'none'}; ` +
          `native/ann's default (the figures below): ${chosen.ef}, for a margin on real embeddings.`,
      );
      ctx.note(
        'On a machine shared with other work (load average above the 2 cores), a query that loses its core ' +
          'mid-search waits one scheduler time slice (≈ 4 ms): that, not the search, sets the wall-clock p95 ' +
          'when more than 5% of queries are preempted. Compare the CPU time per query.',
      );
      ctx.note(
        `Recall over ${truthQueries} queries against brute force in JavaScript (${bruteMs.toFixed(1)} ms per query); ` +
          `latency over ${latencyQueries} queries after 100 warm-up searches.`,
      );
      figures.push(
        {
          name: `HNSW search (expansionSearch ${chosen.ef})`,
          unit: 'ms',
          ...summarize(chosen.latencies),
          aim: { stat: 'p95', op: '<=', target: 1 },
        },
        {
          name: `HNSW search CPU time per query (expansionSearch ${chosen.ef})`,
          unit: 'ms',
          value: chosen.cpuMs,
          note: 'mean process CPU time: what a query costs without the waits for a core that inflate wall-clock p95 here',
        },
        {
          name: `HNSW recall@${K} (expansionSearch ${chosen.ef})`,
          unit: 'ratio',
          value: chosen.recall,
          aim: { stat: 'value', op: '>=', target: RECALL_AIM },
        },
        {
          name: 'HNSW build',
          unit: 's',
          value: buildSeconds,
          note: `${count} vectors through addMany (usearch on every core: 2 here, shared)`,
        },
      );

      t = performance.now();
      const db = openDatabase(join(dir, 'vectors.sqlite'));
      try {
        db.exec(`CREATE VIRTUAL TABLE vectors USING vec0(embedding float[${DIMENSIONS}])`);
        const insert = db.prepare('INSERT INTO vectors(rowid, embedding) VALUES (?, ?)');
        db.transaction(() => {
          data.forEach((v, i) => insert.run(BigInt(i), Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
        })();
        const loadSeconds = (performance.now() - t) / 1000;
        ctx.log(`  sqlite-vec loaded in ${loadSeconds.toFixed(1)} s`);
        const search = db.prepare<[Buffer, number], { rowid: number; distance: number }>(
          'SELECT rowid, distance FROM vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance',
        );
        const asBlob = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        search.all(asBlob(queries[0]!), K); // warm-up: pages into the cache
        const latencies: number[] = [];
        const found: number[][] = [];
        for (const q of queries.slice(0, sqliteQueries)) {
          const start = performance.now();
          const rows = search.all(asBlob(q), K);
          latencies.push(performance.now() - start);
          found.push(rows.map((r) => Number(r.rowid)));
        }
        const measured = Math.min(sqliteQueries, truthQueries);
        figures.push(
          {
            name: 'sqlite-vec exact vec0 search',
            unit: 'ms',
            ...summarize(latencies),
            note: `recall@${K} ${recallAt(found.slice(0, measured), truth.slice(0, measured)).toFixed(3)} (exact, for comparison)`,
          },
          { name: 'sqlite-vec load', unit: 's', value: loadSeconds, note: `${count} rows in one transaction` },
        );
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default benchCase;
