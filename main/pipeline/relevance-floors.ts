import type { Embedder } from './embed/index.js';

/**
 * How alike (cosine similarity of embeddings) a result must be to be shown at all:
 *
 * - `search`: a group found only by meaning (no query word in it) is a search result from here up;
 *   below it, "xyzzy" would list every group in the site by its nearest noise.
 * - `similarGroups`: "Similar groups" (merge suggestions) lists groups from here up.
 *
 * Measured on the labelled LogHub samples (relevance-floors.test.ts, test-support/relevance-evidence.ts):
 * chosen on Apache, BGL, HDFS and HPC, checked on Hadoop, OpenSSH, Spark and Zookeeper. The built-in
 * hashed-n-gram embedder compares wording, so these are wording floors. A sentence model spreads
 * similarities differently (unrelated sentences sit near 0.1–0.3 with all-MiniLM-L6-v2, paraphrases
 * above 0.5); its floors below are a starting point taken from that model's published behaviour, not
 * measured here (the shared test models have random weights): with the real model installed, run the
 * same evidence (test-support/relevance-evidence.ts) through it and set `pipeline.relevance`.
 */
export interface RelevanceFloors {
  search: number;
  similarGroups: number;
}

export const HASHED_NGRAM_FLOORS: RelevanceFloors = { search: 0.25, similarGroups: 0.75 };
export const SENTENCE_MODEL_FLOORS: RelevanceFloors = { search: 0.35, similarGroups: 0.6 };

export function relevanceFloors(
  embedder: Pick<Embedder, 'kind'>,
  overrides: Partial<RelevanceFloors> = {},
): RelevanceFloors {
  const base = embedder.kind === 'onnx' ? SENTENCE_MODEL_FLOORS : HASHED_NGRAM_FLOORS;
  return { ...base, ...overrides };
}
