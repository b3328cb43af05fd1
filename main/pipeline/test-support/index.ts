/** The pipeline's test fixtures for tests and benchmarks of other modules: the LogHub sample sets. */
export { loadLoghub } from '../fingerprint/test-support/grouping-accuracy.js';
export { ingestOf } from './ingest-of.js';
// Grouping accuracy: the miner's and the whole grouping stage's, cross-validated, beside the Drain3 reference.
export { DEFAULT_MINER_OPTIONS } from '../fingerprint/index.js';
export { crossValidate, type CrossValidation } from '../fingerprint/test-support/cross-validation.js';
export {
  crossValidateMiner,
  loghubDir,
  mean,
  MINER_CANDIDATES,
  runDrain3,
  runMiner,
  type MinerCrossValidation,
} from '../fingerprint/test-support/miner-accuracy.js';
export {
  DEFAULT_PIPELINE_CONFIG,
  GROUPING_CANDIDATES,
  runGroupingCandidates,
  type StageRun,
} from './whole-grouping.js';
