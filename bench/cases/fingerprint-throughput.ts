import { resolve } from 'node:path';
import { createTemplateMiner } from '../../main/pipeline/index.js';
import { loadLoghub } from '../../main/pipeline/test-support/index.js';
import type { BenchCase } from '../lib/types.js';

/** The pipeline's aim is 50,000 lines/s on one core for every stage together; `add` is one stage. */
const ADD_AIM = 100_000;

const benchCase: BenchCase = {
  name: 'fingerprint-throughput',
  description:
    'Template mining (`createTemplateMiner().add`) in the bench process (one core) over the 16,000 lines of the ' +
    'eight LogHub 2k samples, system after system, repeated: the first pass learns every template (new ' +
    'templates and generalisations among repeats), later passes are the steady state of known messages.',
  async run(ctx) {
    const dir = resolve(ctx.root, '../shared/datasets/loghub-2k');
    const lines = loadLoghub(dir).flatMap((system) => system.lines.map((line) => line.content));
    const passes = ctx.quick ? 2 : 5;
    const rounds = ctx.quick ? 2 : 5;
    ctx.note(
      `${lines.length} lines × ${passes} passes per round, ${rounds} rounds, each round on a fresh miner; ` +
        'the best round is reported (the others lose to JIT warm-up and to other processes on the machine).',
    );
    ctx.note(
      'lines per CPU-second divides by the process CPU time (`process.cpuUsage`), so it discounts time the ' +
        'process spent waiting for a core; lines/s divides by wall time.',
    );

    let bestWall = 0;
    let bestCpu = 0;
    let bestFirstPass = 0;
    let templates = 0;
    for (let round = 0; round < rounds; round++) {
      const miner = createTemplateMiner();
      let newTemplates = 0;
      const wallStart = performance.now();
      const cpuStart = process.cpuUsage();
      let firstPassSeconds = 0;
      for (let pass = 0; pass < passes; pass++) {
        for (const line of lines) if (miner.add(line).isNew) newTemplates++;
        if (pass === 0) firstPassSeconds = (performance.now() - wallStart) / 1000;
      }
      const wallSeconds = (performance.now() - wallStart) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const total = lines.length * passes;
      bestWall = Math.max(bestWall, total / wallSeconds);
      bestCpu = Math.max(bestCpu, total / cpuSeconds);
      bestFirstPass = Math.max(bestFirstPass, lines.length / firstPassSeconds);
      templates = newTemplates;
      ctx.log(`  round ${round + 1}: ${Math.round(total / wallSeconds)} lines/s, ${newTemplates} templates`);
    }
    return [
      {
        name: 'add, lines per CPU-second',
        unit: 'lines/s',
        value: Math.round(bestCpu),
        aim: { stat: 'value', op: '>=', target: ADD_AIM },
      },
      { name: 'add, lines/s (wall)', unit: 'lines/s', value: Math.round(bestWall) },
      {
        name: 'add, first pass (learning), lines/s (wall)',
        unit: 'lines/s',
        value: Math.round(bestFirstPass),
        note: 'every template is new in this pass',
      },
      { name: 'templates learned', unit: 'count', value: templates },
    ];
  },
};

export default benchCase;
