/** The pipeline's test fixtures for tests and benchmarks of other modules: the LogHub sample sets. */
export { loadLoghub } from '../fingerprint/test-support/grouping-accuracy.js';
export { ingestOf } from './ingest-of.js';
