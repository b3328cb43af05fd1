import { describe, expect, it } from 'vitest';
import { createMicroBatcher } from './micro-batcher.js';

describe('createMicroBatcher', () => {
  it('gives each caller the results of its own items, from one batch', async () => {
    const batches: number[][] = [];
    const batcher = createMicroBatcher<number, string>({
      maxItems: 100,
      maxWaitMs: 5,
      process: async (items) => {
        batches.push(items);
        return items.map((n) => `#${n}`);
      },
    });
    const [a, b] = await Promise.all([batcher.submit([1, 2]), batcher.submit([3])]);
    expect(a).toEqual(['#1', '#2']);
    expect(b).toEqual(['#3']);
    expect(batches).toEqual([[1, 2, 3]]);
    await batcher.close();
  });

  it('starts a batch as soon as maxItems are queued, and runs batches one at a time', async () => {
    let running = 0;
    let overlapped = false;
    const sizes: number[] = [];
    const batcher = createMicroBatcher<number, number>({
      maxItems: 2,
      maxWaitMs: 60_000,
      process: async (items) => {
        running++;
        if (running > 1) overlapped = true;
        sizes.push(items.length);
        await new Promise((r) => setImmediate(r));
        running--;
        return items;
      },
    });
    const results = await Promise.all([batcher.submit([1, 2]), batcher.submit([3, 4]), batcher.submit([5, 6])]);
    expect(results).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(sizes).toEqual([2, 2, 2]);
    expect(overlapped).toBe(false);
    await batcher.close();
  });

  it('rejects every caller of a failed batch and keeps working for the next one', async () => {
    let fail = true;
    const batcher = createMicroBatcher<number, number>({
      maxItems: 10,
      maxWaitMs: 1,
      process: async (items) => {
        if (fail) throw new Error('disk full');
        return items;
      },
    });
    await expect(Promise.all([batcher.submit([1]), batcher.submit([2])])).rejects.toThrow('disk full');
    fail = false;
    await expect(batcher.submit([3])).resolves.toEqual([3]);
    await batcher.close();
  });

  it('processes what is queued on close and refuses work afterwards', async () => {
    const batcher = createMicroBatcher<number, number>({
      maxItems: 10,
      maxWaitMs: 60_000,
      process: async (items) => items,
    });
    const pending = batcher.submit([7]);
    await batcher.close();
    await expect(pending).resolves.toEqual([7]);
    await expect(batcher.submit([8])).rejects.toThrow('closed');
  });
});
