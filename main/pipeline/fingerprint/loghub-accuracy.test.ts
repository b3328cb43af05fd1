/**
 * Grouping accuracy on the labelled LogHub samples (../shared/datasets/loghub-2k), with ONE
 * configuration (the defaults) for every system, against the reference Drain3 with its documented
 * defaults on the same lines. The EventIds are read by the scorer only. These are in-sample figures
 * (the rules were written looking at these systems); the cross-validated ones, which say what to
 * expect on other logs, are in loghub-cross-validation.test.ts. `npm run bench -- grouping-accuracy`
 * writes both to bench/results/.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadLoghub } from './test-support/grouping-accuracy.js';
import { loghubDir, mean, runDrain3, runMiner } from './test-support/miner-accuracy.js';

const DATASETS = loghubDir(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'));
/** Floors this miner reaches (0.978 average, lowest system HPC 0.946 when written), less a margin. */
const AVERAGE_FLOOR = 0.95;
const SYSTEM_FLOOR = 0.88;

describe('grouping accuracy on LogHub 2k samples', () => {
  it('groups every system well with one configuration, and no system worse than Drain3', () => {
    if (!existsSync(DATASETS)) throw new Error(`the labelled LogHub samples are missing: expected them in ${DATASETS}`);
    const systems = loadLoghub(DATASETS);
    expect(systems).toHaveLength(8);
    const results = systems.map((system) => ({
      system: system.system,
      miner: runMiner(system).accuracy,
      drain3: runDrain3(system).accuracy,
    }));
    console.table(results);

    expect(mean(results.map((r) => r.miner))).toBeGreaterThanOrEqual(AVERAGE_FLOOR);
    for (const result of results) {
      expect({ system: result.system, atLeastFloor: result.miner >= SYSTEM_FLOOR }).toEqual({
        system: result.system,
        atLeastFloor: true,
      });
      expect({ system: result.system, notBelowDrain3: result.miner >= result.drain3 }).toEqual({
        system: result.system,
        notBelowDrain3: true,
      });
    }
  });
});
