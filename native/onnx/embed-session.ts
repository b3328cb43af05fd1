import { endianness } from 'node:os';
import * as ort from 'onnxruntime-node';
import { lengthBatches } from './length-batches.js';
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

/**
 * int64 inputs written through an int32 view: a token id is its low word and 0 its high word on the
 * little-endian CPUs Outpost runs on, so no BigInt is made per token. Grown to the largest run seen
 * (rows × MAX_SEQUENCE_LENGTH) and reused: runs in one session never overlap (see `serialised`).
 */
class Int64Inputs {
  private words = new Int32Array(0);

  /** `size` int64 values over the reused buffer, as 32-bit words too; the caller writes all of them. */
  take(size: number): { words: Int32Array; values: BigInt64Array } {
    if (this.words.length < size * 2) this.words = new Int32Array(size * 2);
    return { words: this.words, values: new BigInt64Array(this.words.buffer, 0, size) };
  }
}

function int64Tensor(values: BigInt64Array, rows: number, columns: number): ort.Tensor {
  return new ort.Tensor('int64', values, [rows, columns]);
}

/**
 * Mean of a row's first `length` token vectors (the rest is padding), scaled to unit length: the pooling
 * sentence-transformers uses for all-MiniLM-L6-v2, so the vectors match what the model was trained for.
 */
function meanPoolNormalised(
  hidden: Float32Array,
  seq: number,
  length: number,
  dims: number,
  target: Float32Array,
  row: number,
): void {
  for (let t = 0; t < length; t++) {
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

  if (endianness() !== 'LE') throw new Error('The embedder writes int64 inputs as little-endian words.');
  const ids = new Int64Inputs();
  const mask = new Int64Inputs();
  // Token types are all zeros: kept zeroed, never written, so a view of the size needed is enough.
  let zeros = new BigInt64Array(0);

  /** One inference over `rows` padded to the longest, pooled into `out` at each row's place. */
  async function run(rows: number[][], places: number[], out: Float32Array | null): Promise<Float32Array> {
    let seq = 0;
    for (const row of rows) seq = Math.max(seq, row.length);
    const size = rows.length * seq;
    const idInputs = ids.take(size);
    const maskInputs = mask.take(size);
    // High words stay 0; low words are the ids (then [PAD]) and the mask (1 on real tokens, 0 on padding).
    idInputs.words.fill(0, 0, size * 2);
    maskInputs.words.fill(0, 0, size * 2);
    rows.forEach((row, r) => {
      for (let t = 0; t < seq; t++) {
        const at = (r * seq + t) * 2;
        const real = t < row.length;
        idInputs.words[at] = real ? row[t]! : tokenizer.padId;
        maskInputs.words[at] = real ? 1 : 0;
      }
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64Tensor(idInputs.values, rows.length, seq),
      attention_mask: int64Tensor(maskInputs.values, rows.length, seq),
    };
    if (wantsTokenTypes) {
      if (zeros.length < size) zeros = new BigInt64Array(size);
      feeds.token_type_ids = int64Tensor(zeros.subarray(0, size), rows.length, seq);
    }
    const results = await session.run(feeds, [outputName!]);
    const hidden = results[outputName!];
    if (!hidden || hidden.type !== 'float32' || hidden.dims.length !== 3) {
      throw new Error(`${files!.model}: expected a float32 [batch, sequence, hidden] output named ${outputName}.`);
    }
    const dims = Number(hidden.dims[2]);
    const target = out ?? new Float32Array(dims);
    const data = hidden.data as Float32Array;
    rows.forEach((row, r) => {
      meanPoolNormalised(data, seq, row.length, dims, target.subarray(places[r]! * dims, (places[r]! + 1) * dims), r);
    });
    hidden.dispose();
    return target;
  }

  /** Texts cut into runs by length (lengthBatches): pads a little where that saves a run. */
  async function embedAll(texts: string[], dims: number): Promise<Float32Array> {
    const encoded = texts.map((t) => tokenizer.encode(t));
    const out = new Float32Array(texts.length * dims);
    for (const places of lengthBatches(encoded.map((row) => row.length))) {
      await run(
        places.map((i) => encoded[i]!),
        places,
        out,
      );
    }
    return out;
  }

  // One call at a time: runs share the input buffers, and session.run yields (setImmediate) before it reads them.
  let previous: Promise<unknown> = Promise.resolve();
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = previous.then(work, work);
    previous = next.catch(() => undefined);
    return next;
  }

  // One run up front: it reports the model's width and pays the first-run allocation cost at start-up.
  const dimensions = (await run([tokenizer.encode('warm up')], [0], null)).length;

  return {
    dimensions,
    modelFile: files.model,
    async embed(texts) {
      if (texts.length === 0) return new Float32Array(0);
      return serialised(() => embedAll(texts, dimensions));
    },
    async close() {
      await session.release();
    },
  };
}
