/**
 * Grouping accuracy of the whole grouping stage on the labelled LogHub samples
 * (../shared/datasets/loghub-2k), through the real pipeline with the default configuration, beside
 * the reference Drain3 with its documented defaults; and the stage's joining threshold
 * cross-validated (chosen on some systems, scored on the others). `npm run bench --
 * grouping-accuracy` writes the tables to bench/results/.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crossValidate } from './fingerprint/test-support/cross-validation.js';
import { loadLoghub } from './fingerprint/test-support/grouping-accuracy.js';
import { loghubDir, mean, runDrain3 } from './fingerprint/test-support/miner-accuracy.js';
import { GROUPING_CANDIDATES, runGroupingCandidates } from './test-support/whole-grouping.js';

const DATASETS = loghubDir(resolve(dirname(fileURLToPath(import.meta.url)), '../..'));
/** Floors the whole grouping reaches with the defaults (0.978 average, lowest HPC 0.946 when written), less a margin. */
const AVERAGE_FLOOR = 0.95;
const SYSTEM_FLOOR = 0.88;

describe('grouping accuracy of the whole pipeline on LogHub 2k samples', () => {
  it(
    'groups every system well by default, and not below Drain3 on systems its threshold was not chosen on',
    {
      timeout: 900_000,
    },
    async () => {
      if (!existsSync(DATASETS))
        throw new Error(`the labelled LogHub samples are missing: expected them in ${DATASETS}`);
      const systems = loadLoghub(DATASETS);
      const drain3 = new Map(systems.map((s) => [s.system, runDrain3(s).accuracy]));
      const table = await runGroupingCandidates(systems);
      const defaults = [...table.get(GROUPING_CANDIDATES[0]!.name)!.values()];
      console.table(defaults.map((r) => ({ ...r, drain3: drain3.get(r.system) })));

      expect(defaults).toHaveLength(8);
      expect(mean(defaults.map((r) => r.accuracy))).toBeGreaterThanOrEqual(AVERAGE_FLOOR);
      for (const r of defaults) {
        expect({ system: r.system, atLeastFloor: r.accuracy >= SYSTEM_FLOOR }).toEqual({
          system: r.system,
          atLeastFloor: true,
        });
      }

      const cv = await crossValidate(
        systems,
        GROUPING_CANDIDATES,
        (system, params) =>
          table.get(GROUPING_CANDIDATES.find((c) => c.params === params)!.name)!.get(system.system)!.accuracy,
      );
      for (const scheme of [cv.twoFold, cv.leaveOneOut]) {
        expect(scheme.mean).toBeGreaterThanOrEqual(0.9);
        for (const { system, accuracy } of scheme.systems) {
          expect({ scheme: scheme.scheme, system, notBelowDrain3: accuracy >= drain3.get(system)! }).toEqual({
            scheme: scheme.scheme,
            system,
            notBelowDrain3: true,
          });
        }
      }
    },
  );
});
