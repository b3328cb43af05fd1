import { ADMIN } from './outpost-server.js';
import { publishGridMap, rpc, type PublishedMap } from './site-map-fixture.js';

/**
 * An installation with something on every page, made through the API as users and devices would:
 * a site whose map has overlays and a published release (some devices reporting), an alert rule
 * and the open alert it raised, error groups (repeated messages with varying numbers), a snapshot
 * event, one acknowledged event, and a second source that cannot reach its broker (so Settings
 * shows a failing source). For the accessibility scan and the Lighthouse benchmark: pages are
 * judged with data in them, not empty.
 */
export interface SeededSite {
  map: PublishedMap;
  /** The admin's session token (as the app keeps it after signing in). */
  session: string;
  siteId: string;
  slug: string;
  groupId: string;
}

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function ingest(url: string, token: string, body: string | FormData): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
    },
    body,
  });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`seeding: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function seedSite(baseUrl: string, options: { overlays?: number } = {}): Promise<SeededSite> {
  const { token: session } = await rpc<{ token: string }>(baseUrl, 'auth.login', ADMIN);
  await rpc(baseUrl, 'alertRules.create', { name: 'Errors need a look', type: 'severity', atLeast: 'error' }, session);
  await rpc(
    baseUrl,
    'alertRules.create',
    { name: 'New kinds of trouble', type: 'new-group', severity: 'info' },
    session,
  );

  const map = await publishGridMap(baseUrl, {
    count: options.overlays ?? 40,
    slug: 'north-depot',
    name: 'North Depot',
    reportingShare: 0.5,
  });
  const webhook = map.webhook!;

  const events: Array<Record<string, unknown>> = [];
  for (let i = 1; i <= 6; i++) {
    events.push({
      message: `Disk /dev/sd${'abcdef'[i - 1]} on nvr-${i} is ${90 + i}% full`,
      severity: 'error',
      device: `nvr-${i}`,
    });
  }
  for (let i = 1; i <= 4; i++) {
    events.push({
      message: `Camera cam-${i * 7} lost signal for ${i * 3} s`,
      severity: 'warning',
      device: `cam-${i * 7}`,
    });
  }
  events.push({
    message: 'Door 12 forced open at north gate',
    severity: 'critical',
    device: 'door-12',
    label: 'intrusion',
  });
  for (let i = 1; i <= 5; i++)
    events.push({ message: `Badge ${1000 + i} accepted at gate ${i}`, severity: 'info', device: `gate-${i}` });
  for (const event of events) await ingest(webhook.url, webhook.token, JSON.stringify(event));

  const form = new FormData();
  form.append(
    'event',
    JSON.stringify({ message: 'Person at gate 2', label: 'person', kind: 'detection', device: 'cam-2' }),
  );
  form.append('snapshot', new Blob([PNG], { type: 'image/png' }), 'snap.png');
  await ingest(webhook.url, webhook.token, form);

  // A source whose broker does not answer: its failing state shows in Settings → Sources.
  await rpc(
    baseUrl,
    'sources.create',
    { kind: 'mqtt', name: 'Yard cameras (MQTT)', siteId: map.siteId, config: { url: 'mqtt://127.0.0.1:9' } },
    session,
  );

  const groupId = await until('error groups', async () => {
    const { items } = await rpc<{ items: Array<{ id: string; count: number; severity: string }> }>(
      baseUrl,
      'groups.list',
      {},
      session,
    );
    return items.find((g) => g.count >= 6)?.id;
  });
  await until('an open alert', async () => {
    const { items } = await rpc<{ items: unknown[] }>(baseUrl, 'alerts.list', { state: 'open' }, session);
    return items.length > 0 ? true : undefined;
  });
  const { items } = await rpc<{ items: Array<{ id: string; message: string }> }>(baseUrl, 'events.list', {}, session);
  const badge = items.find((e) => e.message.startsWith('Badge 1001'));
  if (badge) await rpc(baseUrl, 'events.acknowledge', { ids: [badge.id] }, session);

  return { map, session, siteId: map.siteId, slug: map.slug, groupId };
}
