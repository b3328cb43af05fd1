import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { sessionOptions } from '../embed-session.js';
import { loadTokenizer, modelFilesIn } from '../model-files.js';

export interface BareModel {
  /** Runs the model `runs` times: wall milliseconds per run, and process CPU milliseconds per run. */
  time(runs: number): Promise<{ wallMs: number[]; cpuMsPerRun: number }>;
  close(): Promise<void>;
}

/**
 * The model alone, for the bench to subtract from an embedder call: the same session settings as
 * the embedding worker, on this thread, fed the token ids of `text` as one row, its tensors built
 * once. What `time` measures is `session.run` only (no tokenising, tensors, pooling or messaging).
 */
export async function openBareModel(modelDir: string, text: string): Promise<BareModel> {
  const files = modelFilesIn(modelDir);
  if (!files) throw new Error(`no model in ${modelDir}`);
  const ids = loadTokenizer(files).encode(text);
  const session = await ort.InferenceSession.create(files.model, sessionOptions(1));
  const shape = [1, ids.length];
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), shape),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), shape),
  };
  if (session.inputNames.includes('token_type_ids')) {
    feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(ids.length), shape);
  }
  return {
    async time(runs) {
      const wallMs: number[] = [];
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const out = await session.run(feeds);
        wallMs.push(performance.now() - started);
        for (const tensor of Object.values(out)) tensor.dispose();
      }
      const cpu = process.cpuUsage(cpuBefore);
      return { wallMs, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / runs };
    },
    close: () => session.release(),
  };
}
