/**
 * Run as its own process by worker-pool.test.ts: warms a pool with nothing else holding the event
 * loop, prints what the worker reported, and leaves the pool open. The process must print (a warming
 * worker keeps it alive) and then exit by itself (an idle worker does not).
 */
import { createWorkerPool } from '../worker-pool.js';

const pool = createWorkerPool({
  name: 'Echo',
  entry: { baseUrl: import.meta.url, name: 'echo-worker' },
  size: 1,
  maxWaitingPerTenant: 1,
  maxWaiting: 1,
});
process.stdout.write(`${JSON.stringify(await pool.warm())}\n`);
