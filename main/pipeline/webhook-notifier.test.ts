import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../outbound/index.js';
import { createWebhookNotifier, type AlertNotification, type WebhookNotifier } from './webhook-notifier.js';

const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };
// The receivers listen on loopback, which the guard refuses unless allowed.
const guard = createOutboundGuard({ allow: ['127.0.0.0/8'] });
afterAll(() => guard.close());
const fetch = guard.fetch;

interface Receiver {
  url: string;
  bodies: unknown[];
  server: Server;
}

/** A loopback HTTP receiver that fails the first `failures` requests with 503. */
async function startReceiver(failures = 0): Promise<Receiver> {
  const bodies: unknown[] = [];
  let seen = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen++;
      if (seen <= failures) {
        res.writeHead(503).end();
        return;
      }
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, server };
}

function alert(severity: 'info' | 'warning' | 'critical', id = 'A1'): AlertNotification {
  return { type: 'alert', tenantId: 'T1', alert: { id, severity, title: `${severity} thing` } };
}

const receivers: Receiver[] = [];
const notifiers: WebhookNotifier[] = [];

afterEach(async () => {
  for (const n of notifiers.splice(0)) await n.close();
  for (const r of receivers.splice(0)) await new Promise((resolve) => r.server.close(resolve));
});

describe('createWebhookNotifier', () => {
  it('posts alerts at or above each URL’s minimum severity', async () => {
    const all = await startReceiver();
    const criticalOnly = await startReceiver();
    receivers.push(all, criticalOnly);
    const notifier = createWebhookNotifier({
      fetch,
      webhooks: [
        { url: all.url, minSeverity: 'info' },
        { url: criticalOnly.url, minSeverity: 'critical' },
      ],
      logger: quietLogger,
    });
    notifiers.push(notifier);
    notifier.notify(alert('warning', 'W'));
    notifier.notify(alert('critical', 'C'));
    await notifier.idle();
    expect(all.bodies.map((b) => (b as AlertNotification).alert.id).sort()).toEqual(['C', 'W']);
    expect(criticalOnly.bodies).toEqual([alert('critical', 'C')]);
  });

  it('retries a receiver that fails, until it accepts', async () => {
    const flaky = await startReceiver(2);
    receivers.push(flaky);
    const notifier = createWebhookNotifier({
      fetch,
      webhooks: [{ url: flaky.url, minSeverity: 'info' }],
      logger: quietLogger,
      initialDelayMs: 5,
      maxDelayMs: 20,
    });
    notifiers.push(notifier);
    notifier.notify(alert('critical'));
    await notifier.idle();
    expect(flaky.bodies).toHaveLength(1);
  });

  it('gives up on an unreachable receiver without throwing, and still serves the others', async () => {
    const good = await startReceiver();
    receivers.push(good);
    const warnings: string[] = [];
    const notifier = createWebhookNotifier({
      fetch,
      webhooks: [
        { url: 'http://127.0.0.1:1/nothing-listens', minSeverity: 'info' },
        { url: good.url, minSeverity: 'info' },
      ],
      logger: { ...quietLogger, warn: (_obj: object, msg?: string) => void warnings.push(msg ?? '') },
      maxAttempts: 2,
      initialDelayMs: 5,
    });
    notifiers.push(notifier);
    expect(() => notifier.notify(alert('critical'))).not.toThrow();
    await notifier.idle();
    expect(good.bodies).toHaveLength(1);
    expect(warnings.some((w) => w.includes('failed after retries'))).toBe(true);
  });

  it('never contacts a receiver on an address the guard refuses, and says why in the log', async () => {
    const inside = await startReceiver();
    receivers.push(inside);
    const strict = createOutboundGuard();
    const warnings: { msg: string; fields: Record<string, unknown> }[] = [];
    const notifier = createWebhookNotifier({
      fetch: strict.fetch,
      webhooks: [{ url: inside.url.replace('127.0.0.1', '[::ffff:127.0.0.1]'), minSeverity: 'info' }],
      logger: {
        ...quietLogger,
        warn: (fields: object, msg?: string) =>
          void warnings.push({ msg: msg ?? '', fields: fields as Record<string, unknown> }),
      },
      maxAttempts: 3,
      initialDelayMs: 5,
    });
    notifiers.push(notifier);
    try {
      notifier.notify(alert('critical'));
      await notifier.idle();
      expect(inside.bodies).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toMatch(/refused by the address guard.*outbound\.allow/u);
      expect(warnings[0]!.fields.address).toBe('::ffff:7f00:1');
    } finally {
      await strict.close();
    }
  });
});
