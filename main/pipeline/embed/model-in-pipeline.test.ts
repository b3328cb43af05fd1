import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pipelineHarness } from '../test-support/pipeline-harness.js';
import { createEmbedder } from './index.js';

// A 2-layer BERT with random weights behind the real all-MiniLM-L6-v2 tokenizer: the product's ONNX path.
const TINY_MODEL = new URL('../../../../shared/models/bert-tiny-random/', import.meta.url).pathname;

const harness = pipelineHarness();
afterEach(() => harness.cleanup());
afterAll(() => harness.close());

describe('the pipeline on the sentence model', () => {
  it('embeds a very long new template (capped, not refused) and stores its events', async () => {
    const model = await createEmbedder({ modelDir: TINY_MODEL });
    try {
      const { store, pipeline, scope } = await harness.setup({ embedder: model });
      const long = `Backup job nightly failed: ${'tape drive reported a media error on the loader; '.repeat(500)}giving up`;
      const [id] = (await pipeline.ingest(scope, 's', [{ message: long }])).ids;
      await pipeline.flush();
      const event = store.events.get(scope, id!);
      expect(event?.message === long).toBe(true);
      expect(store.groupVectors.get(scope, event!.groupId)).toHaveLength(model.dimensions);
    } finally {
      await model.close();
    }
  });

  it('keeps storing and grouping when the model fails, and embeds those groups at the next start', async () => {
    const failing = await createEmbedder({ modelDir: TINY_MODEL });
    const first = await harness.setup({ embedder: failing });
    const { store, scope } = first;
    const [before] = (await first.pipeline.ingest(scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    await first.pipeline.flush();
    const embedded = store.events.get(scope, before!)!.groupId;
    expect(store.groupVectors.get(scope, embedded)).toBeDefined();

    // The model's worker is gone: every embedding call now fails.
    await failing.close();
    const during = (
      await first.pipeline.ingest(scope, 's', [
        { message: 'Recorder disk nearly full on volume 2' },
        { message: 'Door 4 forced open at the loading bay' },
        { message: 'Camera gate heartbeat missed' },
      ])
    ).ids;
    await first.pipeline.flush();
    const [disk, door, again] = store.events.getMany(scope, during);
    expect(again!.groupId).toBe(embedded);
    expect(new Set([disk!.groupId, door!.groupId, embedded]).size).toBe(3);
    expect(store.groupVectors.get(scope, disk!.groupId)).toBeUndefined();
    await first.pipeline.close();

    const working = await createEmbedder({ modelDir: TINY_MODEL });
    try {
      const second = await harness.restart(first, { embedder: working });
      await second.flush();
      expect(store.groupVectors.get(scope, disk!.groupId)).toHaveLength(working.dimensions);
      expect(store.groupVectors.get(scope, door!.groupId)).toHaveLength(working.dimensions);
    } finally {
      await working.close();
    }
  });
});
