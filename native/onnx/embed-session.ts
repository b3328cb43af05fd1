import * as ort from 'onnxruntime-node';
import { loadTokenizer, modelFilesIn } from './model-files.js';

/** One ONNX Runtime session plus its tokenizer: text in, unit-length sentence vectors out. */
export interface EmbedSession {
  dimensions: number;
  modelFile: string;
  /** One vector per text, concatenated: `dimensions` floats each. */
  embed(texts: string[]): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface EmbedSessionOptions {
  modelDir: string;
  intraOpThreads: number;
}

/** The session settings of every embedding worker (and of the bench's bare session, to compare like with like). */
export function sessionOptions(intraOpThreads: number): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
}

/** Sizes kept per constant: log templates come in a few dozen token lengths, mostly one row each. */
const CONSTANT_SIZES_KEPT = 64;

/** A run of `value` of this size, never written to, kept for the next run of the same size. */
function constantIds(cache: Map<number, BigInt64Array>, size: number, value: bigint): BigInt64Array {
  let ids = cache.get(size);
  if (!ids) {
    if (cache.size >= CONSTANT_SIZES_KEPT) cache.clear();
    cache.set(size, (ids = new BigInt64Array(size).fill(value)));
  }
  return ids;
}

function int64Tensor(values: BigInt64Array, rows: number, columns: number): ort.Tensor {
  return new ort.Tensor('int64', values, [rows, columns]);
}

/**
 * Mean of a row's token vectors (rows are never padded), scaled to unit length: the pooling
 * sentence-transformers uses for all-MiniLM-L6-v2, so the vectors match what the model was trained for.
 */
function meanPoolNormalised(hidden: Float32Array, seq: number, dims: number, target: Float32Array, row: number): void {
  for (let t = 0; t < seq; t++) {
    const base = (row * seq + t) * dims;
    for (let d = 0; d < dims; d++) target[d]! += hidden[base + d]!;
  }
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += target[d]! * target[d]!;
  // The mean's 1/length factor cancels in the normalisation, so it is skipped.
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let d = 0; d < dims; d++) target[d]! *= scale;
}

export async function openEmbedSession(options: EmbedSessionOptions): Promise<EmbedSession> {
  const files = modelFilesIn(options.modelDir);
  if (!files) {
    throw new Error(
      `${options.modelDir} holds no model (model_quantized.onnx or model.onnx) with its tokenizer (vocab.txt or tokenizer.json).`,
    );
  }
  const tokenizer = loadTokenizer(files);
  const session = await ort.InferenceSession.create(files.model, sessionOptions(options.intraOpThreads));
  for (const name of ['input_ids', 'attention_mask']) {
    if (!session.inputNames.includes(name)) throw new Error(`${files.model} has no ${name} input.`);
  }
  const outputName = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
  if (!outputName) throw new Error(`${files.model} has no output.`);
  const wantsTokenTypes = session.inputNames.includes('token_type_ids');

  // The attention mask (all ones: rows are never padded) and the token types (all zeros) depend on
  // the size alone: made once per size and reused, not allocated and filled for every run.
  const ones = new Map<number, BigInt64Array>();
  const zeros = new Map<number, BigInt64Array>();

  /** One inference over rows of equal length (no padding), pooled into `out` at each row's place. */
  async function run(rows: number[][], places: number[], out: Float32Array | null): Promise<Float32Array> {
    const seq = rows[0]!.length;
    const size = rows.length * seq;
    const ids = new BigInt64Array(size);
    let at = 0;
    for (const row of rows) for (const id of row) ids[at++] = BigInt(id);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64Tensor(ids, rows.length, seq),
      attention_mask: int64Tensor(constantIds(ones, size, 1n), rows.length, seq),
    };
    if (wantsTokenTypes) feeds.token_type_ids = int64Tensor(constantIds(zeros, size, 0n), rows.length, seq);
    const results = await session.run(feeds, [outputName!]);
    const hidden = results[outputName!];
    if (!hidden || hidden.type !== 'float32' || hidden.dims.length !== 3) {
      throw new Error(`${files!.model}: expected a float32 [batch, sequence, hidden] output named ${outputName}.`);
    }
    const dims = Number(hidden.dims[2]);
    const target = out ?? new Float32Array(dims);
    const data = hidden.data as Float32Array;
    for (let r = 0; r < rows.length; r++) {
      meanPoolNormalised(data, seq, dims, target.subarray(places[r]! * dims, (places[r]! + 1) * dims), r);
    }
    hidden.dispose();
    return target;
  }

  /**
   * Texts of equal token length run together, others apart (issue 11): padding a batch to its
   * longest text made the model work through three times the real tokens on log templates, whose
   * lengths vary widely, and a lone run of a short text costs less than its share of a padded batch.
   */
  async function embedAll(texts: string[], dims: number): Promise<Float32Array> {
    const byLength = new Map<number, number[]>();
    const encoded = texts.map((t, i) => {
      const row = tokenizer.encode(t);
      const same = byLength.get(row.length);
      if (same) same.push(i);
      else byLength.set(row.length, [i]);
      return row;
    });
    const out = new Float32Array(texts.length * dims);
    for (const places of byLength.values()) {
      const rows = places.map((i) => encoded[i]!);
      await run(rows, places, out);
    }
    return out;
  }

  // One run up front: it reports the model's width and pays the first-run allocation cost at start-up.
  const dimensions = (await run([tokenizer.encode('warm up')], [0], null)).length;

  return {
    dimensions,
    modelFile: files.model,
    async embed(texts) {
      if (texts.length === 0) return new Float32Array(0);
      return embedAll(texts, dimensions);
    },
    async close() {
      await session.release();
    },
  };
}
