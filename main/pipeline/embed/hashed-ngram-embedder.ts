import { DEFAULT_DIMENSIONS, type Embedder } from './embedder.js';

/**
 * The built-in embedder used when no sentence model is installed: the "hashing trick" over character
 * 3–5-grams (robust to typos, ids and inflections) and word unigrams and bigrams (word order), each
 * feature hashed to one of `dimensions` buckets with a ±1 sign from a second hash so that collisions
 * cancel out on average instead of piling up. Texts that share wording land close together; it knows
 * nothing of meaning (synonyms are unrelated), which is what the model is for.
 */

const MIN_GRAM = 3;
const MAX_GRAM = 5;
/** Word features are fewer than character n-grams but say more: weigh them up. */
const WORD_WEIGHT = 2;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, continued from `hash`: cheap, and stable across runs and platforms. */
function fnv(hash: number, text: string, from = 0, to = text.length): number {
  let h = hash;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** A finaliser (murmur3's) that spreads FNV's low bits, which cluster for similar short inputs. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function addFeature(vector: Float32Array, hash: number, weight: number): void {
  const h = mix(hash);
  const bucket = h % vector.length;
  // The top bit is independent of the bucket (taken modulo a small number): a separate sign hash.
  vector[bucket]! += h & 0x80000000 ? -weight : weight;
}

function normalise(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
}

export function embedText(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const clean = normalise(text);
  // Spaces at both ends mark word starts and ends inside the character n-grams.
  const padded = ` ${clean} `;
  for (let start = 0; start + MIN_GRAM <= padded.length; start++) {
    let h = fnv(FNV_OFFSET, padded, start, start + MIN_GRAM - 1);
    for (let n = MIN_GRAM; n <= MAX_GRAM && start + n <= padded.length; n++) {
      h = fnv(h, padded, start + n - 1, start + n);
      addFeature(vector, h ^ n, 1);
    }
  }
  const words = clean.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  words.forEach((word, i) => {
    const unigram = fnv(FNV_OFFSET, `w:${word}`);
    addFeature(vector, unigram, WORD_WEIGHT);
    const next = words[i + 1];
    if (next !== undefined) addFeature(vector, fnv(unigram, ` ${next}`), WORD_WEIGHT);
  });
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += vector[i]! * vector[i]!;
  if (norm === 0) {
    // Empty text still gets a unit vector (a fixed one), so every stored vector has the same length.
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i]! *= scale;
  return vector;
}

export function createHashedNgramEmbedder(dimensions: number = DEFAULT_DIMENSIONS): Embedder {
  if (!Number.isInteger(dimensions) || dimensions <= 0) {
    throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  }
  return {
    kind: 'hashed-ngram',
    dimensions,
    modelDir: null,
    embed(texts) {
      return Promise.resolve(texts.map((t) => embedText(t, dimensions)));
    },
    close() {
      return Promise.resolve();
    },
  };
}
