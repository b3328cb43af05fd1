import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createCore, createLogger, loadConfig, type Core } from '../../core/index.js';
import { startServer, type RunningServer } from '../../server/index.js';

const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };
const BODY_LIMIT = 64 * 1024;
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
}

const cleanups: Array<() => Promise<void>> = [];
let core: Core;
let server: RunningServer;
let adminToken: string;
let source: { id: string; token: string };

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

function rpc(method: string, input: unknown = {}): Promise<Answer> {
  return fetch(`${server.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(input),
  }).then(answer);
}

function post(body: string | FormData, headers: Record<string, string> = {}, token = source.token, id = source.id) {
  return fetch(`${server.url}/api/ingest/${id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    body,
  }).then(answer);
}

const postJson = (value: unknown, token?: string) =>
  post(JSON.stringify(value), { 'content-type': 'application/json' }, token);

async function health() {
  const list = await rpc('sources.health');
  return list.body.items.find((s: { id: string }) => s.id === source.id).health;
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-ingest-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      server: { port: 0, bodyLimitBytes: BODY_LIMIT },
      log: { level: 'silent' },
      pipeline: { batch: { maxWaitMs: 5 }, media: { maxBytes: 4096 } },
    },
  });
  await addUser({ config, ...ADMIN, role: 'admin' });
  const logger = createLogger(config);
  core = await createCore({ config, logger });
  cleanups.push(() => core.close());
  server = await startServer(core, { logger, rendererDir: join(dataDir, 'none') });
  cleanups.push(() => server.close());
  const login = await answer(
    await fetch(`${server.url}/api/rpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }),
  );
  adminToken = login.body.token;
  const created = await rpc('sources.create', { kind: 'webhook', name: 'Gate cameras', config: {} });
  expect(created.status).toBe(200);
  expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  source = { id: created.body.id, token: created.body.token };
});

afterAll(async () => {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => errors.push(err));
  if (errors.length) throw errors[0];
});

describe('webhook ingest through HTTP', () => {
  it('stores posted events with their group: repeats share one, a new template makes another', async () => {
    const first = await postJson({ message: 'Door 12 opened by badge 4471', device: 'door-12' });
    expect(first.status).toBe(202);
    expect(first.body.id).toEqual(expect.any(String));
    const batch = await postJson([
      { message: 'Door 14 opened by badge 1234', device: 'door-14' },
      { message: 'Door 3 opened by badge 999', device: 'door-3' },
    ]);
    expect(batch.status).toBe(202);
    expect(batch.body.ids).toHaveLength(2);
    const other = await postJson({ message: 'Disk /dev/sda1 is 97% full on recorder', severity: 'warning' });
    expect(other.status).toBe(202);

    const events = await rpc('events.list', { limit: 50 });
    expect(events.status).toBe(200);
    const byId = new Map(events.body.items.map((e: { id: string }) => [e.id, e]));
    const door = [first.body.id, ...batch.body.ids].map((id: string) => byId.get(id) as { groupId: string });
    expect(door.every((e) => e && e.groupId === door[0]!.groupId)).toBe(true);
    const disk = byId.get(other.body.id) as { groupId: string; severity: string };
    expect(disk.groupId).not.toBe(door[0]!.groupId);
    expect(disk.severity).toBe('warning');

    const got = await rpc('events.get', { id: first.body.id });
    expect(got.body.groupId).toBe(door[0]!.groupId);

    const groups = await rpc('groups.list', {});
    const doorGroup = groups.body.items.find((g: { id: string }) => g.id === door[0]!.groupId);
    expect(doorGroup.count).toBe(3);
  });

  it('raises an alert from a severity rule, which can be acknowledged', async () => {
    const rule = await rpc('alertRules.create', { type: 'severity', name: 'Errors', atLeast: 'error' });
    expect(rule.status).toBe(200);
    expect((await postJson({ message: 'Camera 7 stream lost', severity: 'error', device: 'cam-7' })).status).toBe(202);
    const alerts = await rpc('alerts.list', { state: 'open' });
    const alert = alerts.body.items.find((a: { ruleId: string }) => a.ruleId === rule.body.id);
    expect(alert).toBeDefined();
    expect(alert.device).toBe('cam-7');
    const acked = await rpc('alerts.acknowledge', { id: alert.id });
    expect(acked.status).toBe(200);
    expect(acked.body.state).toBe('acknowledged');
    expect(acked.body.acknowledgedBy).toBe(ADMIN.email);

    const renamed = await rpc('alertRules.update', { id: rule.body.id, name: 'Errors and worse' });
    expect(renamed.body).toEqual(
      expect.objectContaining({ type: 'severity', atLeast: 'error', name: 'Errors and worse' }),
    );
    const retyped = await rpc('alertRules.update', { id: rule.body.id, type: 'new-group' });
    expect(retyped.body.type).toBe('new-group');
    expect(retyped.body).not.toHaveProperty('atLeast');
    expect(retyped.body.name).toBe('Errors and worse');
  });

  it('finds an event by keyword through search.query', async () => {
    const posted = await postJson({ message: 'Forklift collision sensor tripped in aisle nine' });
    const found = await rpc('search.query', { text: 'forklift', limit: 10 });
    expect(found.status).toBe(200);
    expect(found.body.items.some((h: any) => h.type === 'event' && h.event.id === posted.body.id)).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any
    const hit = found.body.items.find((h: { type: string }) => h.type === 'event');
    expect(hit.match).toEqual({ terms: ['forklift'], semantic: false });
  });

  it('finds nothing for nonsense: meaning alone must pass the relevance floor', async () => {
    await postJson({ message: 'Forklift collision sensor tripped in aisle nine' });
    await postJson({ message: 'Freezer 3 door left open for 5 minutes' });
    const found = await rpc('search.query', { text: 'xyzzy', limit: 10 });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ items: [], mode: 'hybrid' });
    // Close wording still finds a group by meaning, and says so.
    const near = await rpc('search.query', { text: 'freezer doors', limit: 10 });
    expect(near.body.items.some((h: { match: { semantic: boolean } }) => h.match.semantic)).toBe(true);
  });

  it('stores a PNG snapshot sent as multipart with the event', async () => {
    const form = new FormData();
    form.append('event', JSON.stringify({ message: 'Person at gate 2', label: 'person', kind: 'detection' }));
    form.append('snapshot', new Blob([PNG], { type: 'image/png' }), 'snap.png');
    const posted = await post(form);
    expect(posted.status).toBe(202);
    const event = (await rpc('events.get', { id: posted.body.id })).body;
    expect(event.media).toEqual([
      expect.objectContaining({ kind: 'snapshot', contentType: 'image/png', size: PNG.length }),
    ]);
    const sha = event.media[0].sha256 as string;
    expect(existsSync(join(core.config.dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2)))).toBe(true);
  });

  it('rejects bad requests with the reason, counts them, and keeps ingesting', async () => {
    const before = await health();

    const malformed = await post('{"message": "cut', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    const missing = await postJson({ severity: 'error' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toContain('message');

    const boundary = 'xyzBOUNDARY';
    const truncated = await post(
      `--${boundary}\r\nContent-Disposition: form-data; name="event"\r\n\r\n{"message":"half`,
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    expect(truncated.status).toBe(400);

    const notAnImage = new FormData();
    notAnImage.append('event', JSON.stringify({ message: 'x' }));
    notAnImage.append('snapshot', new Blob([Buffer.from('GIF89a not allowed')]), 'a.gif');
    const wrongType = await post(notAnImage);
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.message).toMatch(/snapshot/);

    const oversized = await postJson({ message: 'x'.repeat(BODY_LIMIT + 10) });
    expect(oversized.status).toBe(413);
    const text = await post('message=hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);

    const wrongToken = await postJson({ message: 'hello' }, 'not-the-token');
    expect(wrongToken.status).toBe(401);
    const unknown = await post(
      '{"message":"x"}',
      { 'content-type': 'application/json' },
      source.token,
      '01J0000000000000000000000Z',
    );
    expect(unknown.status).toBe(404);

    const after = await health();
    expect(after.rejected - before.rejected).toBeGreaterThanOrEqual(7);
    expect(after.lastError).toEqual(expect.any(String));

    const ok = await postJson({ message: 'Still working after the garbage' });
    expect(ok.status).toBe(202);
    expect((await rpc('events.get', { id: ok.body.id })).status).toBe(200);
  });

  it('refuses a snapshot over pipeline.media.maxBytes with 413, and a bad source config naming config.*', async () => {
    const form = new FormData();
    form.append('event', JSON.stringify({ message: 'Big picture' }));
    form.append('snapshot', new Blob([Buffer.concat([PNG, Buffer.alloc(8192)])], { type: 'image/png' }), 'big.png');
    const big = await post(form);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/pipeline\.media\.maxBytes/);

    const bad = await rpc('sources.create', { kind: 'webhook', name: 'Bad', config: { allowMedia: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain('config.allowMedia');
    const listed = await rpc('sources.list');
    expect(listed.body.items.map((s: { name: string }) => s.name)).not.toContain('Bad');
    expect(listed.body.items.find((s: { id: string }) => s.id === source.id).health.accepted).toBeGreaterThan(0);
  });

  it('merges two groups and splits a template back out through the API', async () => {
    const a = await postJson({ message: 'Chiller 1 compressor tripped on high head pressure' });
    const b = await postJson({ message: 'Boiler flame failure lockout, manual reset required' });
    const [ea, eb] = [
      (await rpc('events.get', { id: a.body.id })).body,
      (await rpc('events.get', { id: b.body.id })).body,
    ];
    expect(ea.groupId).not.toBe(eb.groupId);

    const merged = await rpc('groups.merge', { targetId: ea.groupId, sourceIds: [eb.groupId] });
    expect(merged.status).toBe(200);
    expect(merged.body.count).toBe(2);
    const detail = (await rpc('groups.get', { id: ea.groupId })).body;
    expect(detail.templates).toHaveLength(2);
    expect((await rpc('events.get', { id: b.body.id })).body.groupId).toBe(ea.groupId);

    const moved = detail.templates.find((t: { template: string }) => t.template.startsWith('Boiler'));
    const split = await rpc('groups.split', { groupId: ea.groupId, templateId: moved.templateId });
    expect(split.status).toBe(200);
    expect(split.body.count).toBe(1);
    expect((await rpc('events.get', { id: b.body.id })).body.groupId).toBe(split.body.id);
    // A chiller and a boiler have nothing in common: neither is suggested as the other's near duplicate.
    const similar = await rpc('groups.similar', { id: split.body.id, limit: 5 });
    expect(similar.status).toBe(200);
    expect(similar.body.minSimilarity).toBeGreaterThan(0.5);
    expect(similar.body.items.map((i: { group: { id: string } }) => i.group.id)).not.toContain(ea.groupId);
  });

  it('limits refused requests per address without touching the source’s own bucket', async () => {
    // Sent together: one at a time on a loaded machine, the bucket (20, then 1 a second) refills between them.
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => postJson({ message: 'guess' }, `guess-${i}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(401);
    expect(statuses).toContain(429);
    expect((await postJson({ message: 'The real sender is not slowed down' })).status).toBe(202);
  });

  it('refuses media for a source whose allowMedia is off', async () => {
    const created = await rpc('sources.create', { kind: 'webhook', name: 'Text only', config: { allowMedia: false } });
    const form = new FormData();
    form.append('event', JSON.stringify({ message: 'With a picture' }));
    form.append('snapshot', new Blob([PNG], { type: 'image/png' }), 'snap.png');
    const refused = await post(form, {}, created.body.token, created.body.id);
    expect(refused.status).toBe(415);
    expect(refused.body.error.message).toMatch(/allowMedia/);
    expect(
      (
        await post(
          JSON.stringify({ message: 'Text is fine' }),
          { 'content-type': 'application/json' },
          created.body.token,
          created.body.id,
        )
      ).status,
    ).toBe(202);
  });

  it('reports which embedder runs in /healthz', async () => {
    const res = await answer(await fetch(`${server.url}/healthz`));
    expect(['onnx', 'hashed-ngram']).toContain(res.body.embedder);
    expect(res.body.embedder).toBe(core.health().embedder);
  });
});
