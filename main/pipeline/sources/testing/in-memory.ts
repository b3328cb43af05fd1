import { createHash } from 'node:crypto';
import type { PipelineScope, RawEvent } from '../../event-types.js';
import type { BlobWriter, Checkpoint, SourceLogger } from '../source-types.js';

/**
 * In-memory stand-ins for the things a source is given (sink, checkpoint, blob writer, logger),
 * for tests of sources and the supervisor. The peers a source talks to stay real in those tests.
 */
export interface MemorySink {
  events: { scope: PipelineScope; sourceId: string; event: RawEvent }[];
  batches: number;
  ingest(scope: PipelineScope, sourceId: string, events: RawEvent[]): Promise<{ ids: string[] }>;
  of(sourceId: string): RawEvent[];
}

export function createMemorySink(): MemorySink {
  let next = 0;
  const sink: MemorySink = {
    events: [],
    batches: 0,
    ingest(scope, sourceId, events) {
      sink.batches += 1;
      for (const event of events) sink.events.push({ scope, sourceId, event });
      return Promise.resolve({ ids: events.map(() => `e${++next}`) });
    },
    of: (sourceId) => sink.events.filter((e) => e.sourceId === sourceId).map((e) => e.event),
  };
  return sink;
}

/** Checkpoints per source id that survive a supervisor restart (like the store's would). */
export function createMemoryCheckpoints(): { for(sourceId: string): Checkpoint; saved: Map<string, string> } {
  const saved = new Map<string, string>();
  return {
    saved,
    for: (sourceId) => ({
      load: () => saved.get(sourceId),
      save: (cursor) => void saved.set(sourceId, cursor),
    }),
  };
}

export function createMemoryBlobs(): BlobWriter & { stored: Map<string, Buffer> } {
  const stored = new Map<string, Buffer>();
  return {
    stored,
    async put(data, contentType, kind) {
      let buffer: Buffer;
      if (Buffer.isBuffer(data)) buffer = data;
      else {
        const chunks: Buffer[] = [];
        for await (const chunk of data) chunks.push(Buffer.from(chunk as Buffer));
        buffer = Buffer.concat(chunks);
      }
      const sha256 = createHash('sha256').update(buffer).digest('hex');
      stored.set(sha256, buffer);
      return { kind, sha256, contentType, size: buffer.length };
    },
  };
}

export interface MemoryLogger extends SourceLogger {
  lines: { level: string; obj: object; msg: string | undefined }[];
}

export function createMemoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void =>
      void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what`. Never asserts a duration. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
