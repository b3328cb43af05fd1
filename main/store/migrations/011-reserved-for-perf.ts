import type { Migration } from '../migration.js';

/**
 * Branch-only placeholder: number 011 belongs to the perf branch (event integer keys). It keeps
 * this branch's list contiguous until that merge; the lead drops this file when merging perf.
 */
export const migration011: Migration = {
  version: 11,
  name: 'reserved-for-perf',
  up: `SELECT 1;`,
  down: `SELECT 1;`,
};
