import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCoreMetrics, createLogger, loadConfig } from '../../main/core/index.js';
import { createEmbedder, createPipeline, type RawEvent } from '../../main/pipeline/index.js';
import { openStore } from '../../main/store/index.js';
import { createLogMix } from '../lib/log-mix.js';
import type { BenchCase } from '../lib/types.js';

const AIM_LINES_PER_SECOND = 50_000;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

const benchCase: BenchCase = {
  name: 'pipeline-throughput',
  description:
    'The whole pipeline in the bench process (createPipeline with the default pipeline settings): normalize, ' +
    'redact, fingerprint, group (new templates embedded with ../shared/models/minilm-l6-random and searched in ' +
    'vec0), classify, store in SQLite (one transaction per micro-batch, batch.maxEvents = 2,000 by default), minute counts and alert rules. ' +
    "Every SQL statement is timed into the Core's histogram, as in production. " +
    'Input: bench/lib/log-mix (1% new templates), sent as arrays of 500 lines, 4 callers at once.',
  async run(ctx) {
    const dataDir = await mkdtemp(join(tmpdir(), 'outpost-bench-pipeline-'));
    // Statements timed as in the Core: the histogram and the slow-statement check are part of the cost.
    const { statementTiming } = createCoreMetrics(createLogger({ log: { level: 'silent' } }));
    const store = await openStore({ dataDir, migrate: 'auto', statementTiming });
    const embedder = await createEmbedder({ modelDir: resolve(ctx.root, '../shared/models/minilm-l6-random') });
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
        embedder,
        bus: { publish() {} },
        logger: quiet,
        config,
        annDir: join(dataDir, 'ann'),
      });
      const mix = createLogMix(7, 0.01);
      const batch = (): RawEvent[] =>
        Array.from({ length: 500 }, () => {
          const line = mix.next();
          return { message: line.message, device: line.device, severity: line.severity as RawEvent['severity'] };
        });

      // Warm-up: the first templates, JIT.
      for (let i = 0; i < 10; i++) await pipeline.ingest(scope, 'bench', batch());
      const total = ctx.quick ? 20_000 : 200_000;
      ctx.note(`${total} lines after a 5,000-line warm-up; embedder: ${embedder.kind}.`);
      ctx.note(
        'Why the aim is missed: the aim is out of reach of the stages themselves — measured apart on this machine, ' +
          'normalize + redact run at about 47,000 lines/s and template mining at about 64,000, so together about ' +
          '27,000 before anything is stored or embedded. The store is no longer the bound: store.events.insertBatch ' +
          'fell from about 120 µs of CPU per row to about 55 in 500-row batches and 30 in 2,000-row ones (isolated, 100,000 ' +
          'rows over 300 groups and 400 devices; migration 006 ' +
          'and the batch writer: FTS5 rows written per batch instead of by a trigger, one statement per batch for ' +
          'group, minute and device tallies, fewer checkpoints). A perf profile of this case now puts about a quarter ' +
          'of the CPU in onnxruntime (embedding the 1% new templates, a few ms each with a 6-layer model), a sixth in ' +
          'SQLite and the kernel, the rest in the JavaScript stages. With the random-weight model every template ' +
          'embeds alike, so new templates join one group by similarity (no effect on cost).',
      );
      let sent = 0;
      const wallStart = performance.now();
      const cpuStart = process.cpuUsage();
      const caller = async () => {
        while (sent < total) {
          sent += 500;
          await pipeline.ingest(scope, 'bench', batch());
        }
      };
      await Promise.all([caller(), caller(), caller(), caller()]);
      const wallSeconds = (performance.now() - wallStart) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      await pipeline.close();
      const groups = store.groups.list({ tenantId: tenant.id }, { sort: 'count', limit: 1 });
      ctx.log(`  ${Math.round(sent / wallSeconds)} lines/s wall, ${groups.items[0]?.count ?? 0} in the largest group`);
      return [
        {
          name: 'lines per CPU-second (one core)',
          unit: 'lines/s',
          value: Math.round(sent / cpuSeconds),
          aim: { stat: 'value', op: '>=', target: AIM_LINES_PER_SECOND },
          note: 'CPU time of the bench process, the ONNX worker thread included',
        },
        { name: 'lines/s (wall)', unit: 'lines/s', value: Math.round(sent / wallSeconds) },
      ];
    } finally {
      await embedder.close();
      store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default benchCase;
