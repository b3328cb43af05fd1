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

function int64Tensor(values: BigInt64Array, rows: number, columns: number): ort.Tensor {
  return new ort.Tensor('int64', values, [rows, columns]);
}

/**
 * Mean of the token vectors where the attention mask is 1, scaled to unit length: the pooling
 * sentence-transformers uses for all-MiniLM-L6-v2, so the vectors match what the model was trained for.
 */
function meanPoolNormalised(
  hidden: Float32Array,
  lengths: number[],
  seq: number,
  dims: number,
  out: Float32Array,
  row: number,
): void {
  const length = lengths[row] ?? 0;
  const target = out.subarray(row * dims, (row + 1) * dims);
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
  const session = await ort.InferenceSession.create(files.model, {
    intraOpNumThreads: options.intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  for (const name of ['input_ids', 'attention_mask']) {
    if (!session.inputNames.includes(name)) throw new Error(`${files.model} has no ${name} input.`);
  }
  const outputName = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
  if (!outputName) throw new Error(`${files.model} has no output.`);
  const wantsTokenTypes = session.inputNames.includes('token_type_ids');

  async function run(texts: string[]): Promise<{ data: Float32Array; dims: number }> {
    const encoded = texts.map((t) => tokenizer.encode(t));
    const lengths = encoded.map((ids) => ids.length);
    // Padding to the longest text of the batch, not to maxLength: attention cost grows with length.
    const seq = Math.max(...lengths);
    const ids = new BigInt64Array(texts.length * seq).fill(BigInt(tokenizer.padId));
    const mask = new BigInt64Array(texts.length * seq);
    encoded.forEach((row, r) => {
      row.forEach((id, t) => {
        ids[r * seq + t] = BigInt(id);
        mask[r * seq + t] = 1n;
      });
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64Tensor(ids, texts.length, seq),
      attention_mask: int64Tensor(mask, texts.length, seq),
    };
    if (wantsTokenTypes) feeds.token_type_ids = int64Tensor(new BigInt64Array(texts.length * seq), texts.length, seq);
    const results = await session.run(feeds, [outputName!]);
    const hidden = results[outputName!];
    if (!hidden || hidden.type !== 'float32' || hidden.dims.length !== 3) {
      throw new Error(`${files!.model}: expected a float32 [batch, sequence, hidden] output named ${outputName}.`);
    }
    const dims = Number(hidden.dims[2]);
    const out = new Float32Array(texts.length * dims);
    const data = hidden.data as Float32Array;
    for (let r = 0; r < texts.length; r++) meanPoolNormalised(data, lengths, seq, dims, out, r);
    hidden.dispose();
    return { data: out, dims };
  }

  // One run up front: it reports the model's width and pays the first-run allocation cost at start-up.
  const warm = await run(['warm up']);
  const dimensions = warm.dims;

  return {
    dimensions,
    modelFile: files.model,
    async embed(texts) {
      if (texts.length === 0) return new Float32Array(0);
      return (await run(texts)).data;
    },
    async close() {
      await session.release();
    },
  };
}
