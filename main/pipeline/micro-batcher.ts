/**
 * Collects work from many callers into one batch: up to `maxItems` items or `maxWaitMs` after the
 * first one, whichever comes first. One batch is processed at a time, in arrival order, so the
 * processor never races itself (the template miners and group assignment depend on that).
 * Each caller's promise settles with its own slice of the batch's result, after the processor
 * finished — for the pipeline that means after the transaction committed.
 */
export interface MicroBatcherOptions<I, R> {
  maxItems: number;
  maxWaitMs: number;
  /** Handles one batch; returns one result per item, in order. */
  process(items: I[]): Promise<R[]>;
}

export interface MicroBatcher<I, R> {
  /** Queues the items of one caller; resolves with their results once their batch is processed. */
  submit(items: I[]): Promise<R[]>;
  /** Processes what is queued now, without waiting for the timer. */
  flush(): Promise<void>;
  /** Items waiting for a batch. */
  readonly pending: number;
  /** Flushes what is queued and refuses new work. */
  close(): Promise<void>;
}

interface Waiter<I, R> {
  items: I[];
  resolve(results: R[]): void;
  reject(err: unknown): void;
}

export function createMicroBatcher<I, R>(options: MicroBatcherOptions<I, R>): MicroBatcher<I, R> {
  let queue: Waiter<I, R>[] = [];
  let queuedItems = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  function schedule(): void {
    if (queuedItems >= options.maxItems) {
      void flush();
      return;
    }
    timer ??= setTimeout(() => void flush(), options.maxWaitMs);
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return chain;
    const taken = queue;
    queue = [];
    queuedItems = 0;
    chain = chain.then(() => run(taken));
    return chain;
  }

  async function run(waiters: Waiter<I, R>[]): Promise<void> {
    const items = waiters.flatMap((w) => w.items);
    let results: R[];
    try {
      results = await options.process(items);
    } catch (err) {
      for (const waiter of waiters) waiter.reject(err);
      return;
    }
    let offset = 0;
    for (const waiter of waiters) {
      waiter.resolve(results.slice(offset, offset + waiter.items.length));
      offset += waiter.items.length;
    }
  }

  return {
    submit(items) {
      if (closed) return Promise.reject(new Error('The batcher is closed.'));
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<R[]>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        queuedItems += items.length;
        schedule();
      });
    },
    flush,
    get pending() {
      return queuedItems;
    },
    async close() {
      closed = true;
      await flush();
    },
  };
}
