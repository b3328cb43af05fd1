import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolWithHub,
  startInstallation,
  startRelay,
  webhookSource,
  type Installation,
  type Relay,
} from './test-support/index.js';

/*
 * Prompt push: a record committed on a connected site reaches the hub within a fraction of a second,
 * without `sync.now` and long before the interval; after a failed exchange the site waits for the
 * interval instead of retrying at every commit.
 */

let hub: Installation;
let site: Installation;
let relay: Relay;
let sourceId = '';
let sourceToken = '';
let hubSiteId = '';

async function post(message: string): Promise<void> {
  const response = await fetch(`${site.url}/api/ingest/${sourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sourceToken}` },
    body: JSON.stringify([{ message, device: 'gate-2' }]),
  });
  expect(response.status).toBe(202);
}

async function hubMessages(): Promise<string[]> {
  const page = await hub.rpc('events.list', { siteId: hubSiteId, limit: 500 });
  return (page.body.items as { message: string }[]).map((e) => e.message);
}

/** Milliseconds until `message` is listed on the hub (or `timeoutMs` when it never is). */
async function timeToHub(message: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if ((await hubMessages()).includes(message)) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return timeoutMs;
}

beforeAll(async () => {
  hub = await startInstallation('hub', { sync: { listenOn: ['127.0.0.0/8'] } });
  relay = await startRelay(hub.url);
  // The interval is a minute: anything that arrives within seconds came by prompt push.
  site = await startInstallation('site', {
    sync: { intervalSeconds: 60, pushDelayMs: 150 },
    outbound: { allow: ['127.0.0.0/8'] },
  });
  ({ id: sourceId, token: sourceToken } = await webhookSource(site, 'Gates'));
  hubSiteId = await enrolWithHub(hub, site, relay.url, 'Gatehouse');
}, 60_000);

afterAll(async () => {
  await site?.close();
  await relay?.close();
  await hub?.close();
});

describe('prompt push from a connected site', () => {
  it('sends a committed event to the hub on its own, well before the interval', async () => {
    await post('Gate 2 forced open');
    expect(await timeToHub('Gate 2 forced open', 10_000)).toBeLessThan(10_000);
    // A burst: all of it arrives, in order, without anyone asking.
    for (let i = 0; i < 20; i += 1) await post(`Burst ${i}`);
    await timeToHub('Burst 19', 10_000);
    const messages = (await hubMessages()).reverse();
    expect(messages.filter((m) => m.startsWith('Burst'))).toEqual(Array.from({ length: 20 }, (_, i) => `Burst ${i}`));
    expect((await site.rpc('sync.status', {})).body).toMatchObject({ state: 'synced', outbox: { records: 0 } });
  });

  it('after a failed exchange, waits for the interval instead of retrying at each commit', async () => {
    relay.cutAfter(0);
    await post('While the line is down');
    const offline = await until(
      async () => (await site.rpc('sync.status', {})).body,
      (s) => s.state === 'offline',
    );
    expect(offline.lastError).toMatch(/cannot be reached/);
    relay.heal();
    const sentBefore = relay.forwarded;
    await post('Still waiting for the interval');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(relay.forwarded).toBe(sentBefore);
    expect(await hubMessages()).not.toContain('While the line is down');
    // The next exchange (here asked for) sends both, and prompt push resumes.
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', outbox: { records: 0 } });
    await post('Back online');
    expect(await timeToHub('Back online', 10_000)).toBeLessThan(10_000);
    const messages = await hubMessages();
    expect(messages).toEqual(expect.arrayContaining(['While the line is down', 'Still waiting for the interval']));
  });
});

async function until<T>(what: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
