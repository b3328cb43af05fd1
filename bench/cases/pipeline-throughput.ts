import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCoreMetrics, createLogger, loadConfig } from '../../main/core/index.js';
import { createEmbedder, createPipeline, type Embedder, type RawEvent } from '../../main/pipeline/index.js';
import { openStore } from '../../main/store/index.js';
import { createLogMix } from '../lib/log-mix.js';
import { createLoghubMix } from '../lib/loghub-mix.js';
import type { BenchCase, Figure } from '../lib/types.js';

const AIM_LINES_PER_SECOND = 50_000;
const AIM_EMBED_MS_PER_TEMPLATE = 3;
const CALLERS = 4;
const ARRAY = 500;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** Process CPU seconds (every thread: the embedding worker's included). */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(since);
  return (cpu.user + cpu.system) / 1e6;
}

/** The embedder the pipeline gets, recording the texts of each call so the calls can be replayed alone. */
function recording(embedder: Embedder): { embedder: Embedder; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    embedder: {
      ...embedder,
      embed(texts, tenantId) {
        calls.push([...texts]);
        return embedder.embed(texts, tenantId);
      },
    },
  };
}

const benchCase: BenchCase = {
  name: 'pipeline-throughput',
  description:
    'The whole pipeline in the bench process (createPipeline with the default pipeline settings): normalize, ' +
    'redact, fingerprint, group (new templates embedded with ../shared/models/minilm-l6-random and searched in ' +
    'vec0), classify, store in SQLite (one transaction per micro-batch, batch.maxEvents = 2,000 by default), ' +
    "minute counts and alert rules. Every SQL statement is timed into the Core's histogram, as in production. " +
    `Input: the eight LogHub 2k samples interleaved (bench/lib/loghub-mix), sent as arrays of ${ARRAY} lines by ` +
    `${CALLERS} callers at once; then bench/lib/log-mix with 1% new templates.`,
  async run(ctx) {
    const dataDir = await mkdtemp(join(tmpdir(), 'outpost-bench-pipeline-'));
    // Statements timed as in the Core: the histogram and the slow-statement check are part of the cost.
    const { statementTiming } = createCoreMetrics(createLogger({ log: { level: 'silent' } }));
    const store = await openStore({ dataDir, migrate: 'auto', statementTiming });
    const model = await createEmbedder({ modelDir: resolve(ctx.root, '../shared/models/minilm-l6-random') });
    const recorder = recording(model);
    try {
      const config = loadConfig({ env: {}, overrides: { dataDir } }).pipeline;
      const tenant = store.tenants.ensureDefault();
      const site = store.sites.ensureDefault({ tenantId: tenant.id });
      const scope = { tenantId: tenant.id, siteId: site.id };
      store.alertRules.create(scope, {
        type: 'severity',
        name: 'Errors',
        atLeast: 'error',
        severity: 'warning',
        enabled: true,
        siteId: null,
      });
      store.alertRules.create(scope, { type: 'new-group', name: 'New', severity: 'info', enabled: true, siteId: null });
      const pipeline = await createPipeline({
        store,
        embedder: recorder.embedder,
        bus: { publish() {} },
        logger: quiet,
        config,
        annDir: join(dataDir, 'ann'),
      });

      /** Sends `total` lines from `next` and waits until they are stored and their new templates embedded. */
      async function send(total: number, next: () => RawEvent): Promise<{ cpu: number; wall: number }> {
        let sent = 0;
        const wallStart = performance.now();
        const cpuStart = process.cpuUsage();
        const caller = async () => {
          while (sent < total) {
            const count = Math.min(ARRAY, total - sent);
            sent += count;
            await pipeline.ingest(scope, 'bench', Array.from({ length: count }, next));
          }
        };
        await Promise.all(Array.from({ length: CALLERS }, caller));
        await pipeline.flush();
        return { cpu: cpuSeconds(cpuStart), wall: (performance.now() - wallStart) / 1000 };
      }

      const mix = createLogMix(7, 0.01);
      const fromMix = (): RawEvent => {
        const line = mix.next();
        return { message: line.message, device: line.device, severity: line.severity as RawEvent['severity'] };
      };
      // Warm-up: JIT and the first statements, on lines unlike the LogHub ones.
      await send(5_000, fromMix);

      const loghub = createLoghubMix(resolve(ctx.root, '../shared/datasets/loghub-2k'));
      const total = ctx.quick ? 40_000 : 200_000;
      const callsBefore = recorder.calls.length;
      const first = await send(loghub.lines, loghub.next);
      const learnt = recorder.calls.slice(callsBefore);
      const steady = await send(total - loghub.lines, loghub.next);
      const templates = learnt.reduce((n, call) => n + call.length, 0);
      const whole = total / (first.cpu + steady.cpu);
      ctx.log(
        `  LogHub: ${Math.round(whole)} lines per CPU-second; first pass ${Math.round(loghub.lines / first.cpu)}, ` +
          `steady ${Math.round((total - loghub.lines) / steady.cpu)}; ${templates} templates embedded in ${learnt.length} calls`,
      );

      // The new templates' embedding calls again, alone: their CPU is the embedding cost of the first pass.
      const replayStart = process.cpuUsage();
      for (const call of learnt) await model.embed(call, tenant.id);
      const embedCpuMs = cpuSeconds(replayStart) * 1000;

      const synthetic = ctx.quick ? 10_000 : 50_000;
      const mixRun = await send(synthetic, fromMix);
      await pipeline.close();
      const groups = store.groups.list({ tenantId: tenant.id }, { sort: 'count', limit: 1 });
      ctx.note(
        `LogHub: ${total.toLocaleString('en')} lines (${loghub.lines.toLocaleString('en')} per pass) after a ` +
          `5,000-line warm-up; ${templates} new templates embedded in ${learnt.length} calls during the first ` +
          `pass; embedder: ${model.kind}. Then ${synthetic.toLocaleString('en')} log-mix lines (1% new templates). ` +
          `${groups.items[0]?.count ?? 0} events in the largest group.`,
      );
      ctx.note(
        'CPU is the whole process (process.cpuUsage: the main thread, the embedding worker, SQLite and the ' +
          'garbage collector); each phase ends when its lines are stored and its new templates embedded. ' +
          'Embedding per new template replays the embedding calls the pipeline made during the first pass, alone, ' +
          'after the run.',
      );
      const figures: Figure[] = [
        {
          name: 'LogHub mix, lines per CPU-second, new-template embedding included',
          unit: 'lines/s',
          value: Math.round(whole),
          aim: { stat: 'value', op: '>=', target: AIM_LINES_PER_SECOND },
          note: `${total.toLocaleString('en')} lines, the first pass learning every template`,
        },
        {
          name: 'LogHub mix, lines per CPU-second, steady state',
          unit: 'lines/s',
          value: Math.round((total - loghub.lines) / steady.cpu),
          note: 'passes 2 and later: every template known',
        },
        {
          name: 'LogHub mix, lines per CPU-second, first pass',
          unit: 'lines/s',
          value: Math.round(loghub.lines / first.cpu),
          note: `${templates} new templates`,
        },
        {
          name: 'embedding CPU per new template',
          unit: 'ms',
          value: Math.round((embedCpuMs / Math.max(1, templates)) * 100) / 100,
          aim: { stat: 'value', op: '<=', target: AIM_EMBED_MS_PER_TEMPLATE },
          note: `${learnt.length} calls for ${templates} templates`,
        },
        { name: 'LogHub mix, lines/s (wall)', unit: 'lines/s', value: Math.round(total / (first.wall + steady.wall)) },
        {
          name: 'log-mix (1% new templates), lines per CPU-second',
          unit: 'lines/s',
          value: Math.round(synthetic / mixRun.cpu),
          note: 'a template never seen before every 100 lines',
        },
      ];
      return figures;
    } finally {
      await model.close();
      store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default benchCase;
