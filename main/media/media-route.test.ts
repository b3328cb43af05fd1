import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createCore, createLogger, loadConfig, type Core } from '../core/index.js';
import { openStore } from '../store/index.js';
import { startServer, type RunningServer } from '../server/index.js';

const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };
const OTHER = { email: 'other@globex.example', password: 'another-long-password' };
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PNG_SHA256 = createHash('sha256').update(PNG).digest('hex');

const cleanups: Array<() => Promise<void>> = [];
let core: Core;
let server: RunningServer;
let adminToken: string;
let otherToken: string;

async function login(user: { email: string; password: string }, tenant = 'default'): Promise<string> {
  const response = await fetch(`${server.url}/api/rpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, tenant }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function getMedia(sha256: string, headers: Record<string, string> = {}, token: string | null = adminToken) {
  return fetch(`${server.url}/api/media/${sha256}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-media-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    env: {},
    overrides: { dataDir, server: { port: 0 }, log: { level: 'silent' }, pipeline: { batch: { maxWaitMs: 5 } } },
  });
  // A second tenant with its own admin: it must never see the first tenant's files.
  const setup = await openStore({ dataDir, migrate: 'auto' });
  setup.tenants.ensureDefault();
  setup.tenants.create({ slug: 'globex', name: 'Globex' });
  setup.close();
  await addUser({ config, ...ADMIN, role: 'admin' });
  await addUser({ config, ...OTHER, role: 'admin', tenantSlug: 'globex' });

  const logger = createLogger(config);
  core = await createCore({ config, logger });
  cleanups.push(() => core.close());
  server = await startServer(core, { logger, rendererDir: join(dataDir, 'none') });
  cleanups.push(() => server.close());
  adminToken = await login(ADMIN);
  otherToken = await login(OTHER, 'globex');

  const created = await fetch(`${server.url}/api/rpc/sources.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ kind: 'webhook', name: 'Gate cameras', config: {} }),
  });
  const source = (await created.json()) as { id: string; token: string };
  const form = new FormData();
  form.append('event', JSON.stringify({ message: 'Person at gate 2', label: 'person', kind: 'detection' }));
  form.append('snapshot', new Blob([PNG], { type: 'image/png' }), 'snap.png');
  const posted = await fetch(`${server.url}/api/ingest/${source.id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${source.token}` },
    body: form,
  });
  expect(posted.status).toBe(202);
});

afterAll(async () => {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => errors.push(err));
  if (errors.length) throw errors[0];
});

describe('GET /api/media/{sha256}', () => {
  it("serves the tenant's snapshot with its type, an immutable private cache and the hash as ETag", async () => {
    const response = await getMedia(PNG_SHA256);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(`"${PNG_SHA256}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);

    const again = await getMedia(PNG_SHA256, { 'if-none-match': `"${PNG_SHA256}"` });
    expect(again.status).toBe(304);
  });

  it('answers a Range with 206 and exactly those bytes, and 416 past the end', async () => {
    const part = await getMedia(PNG_SHA256, { range: 'bytes=8-15' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-15/${PNG.length}`);
    expect(part.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(8, 16))).toBe(true);

    const tail = await getMedia(PNG_SHA256, { range: 'bytes=-4' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(PNG.subarray(-4))).toBe(true);

    const past = await getMedia(PNG_SHA256, { range: `bytes=${PNG.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${PNG.length}`);
    expect(await errorCode(past)).toBe('invalid_input');
  });

  it("gives another tenant's user 404, the same answer as for a hash nobody stored", async () => {
    const foreign = await getMedia(PNG_SHA256, {}, otherToken);
    expect(foreign.status).toBe(404);
    const foreignBody = (await foreign.json()) as { error: { code: string; message: string } };
    expect(foreignBody.error.code).toBe('not_found');

    const unknown = await getMedia('0'.repeat(64), {}, otherToken);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: unknown }).error).toEqual(foreignBody.error);
  });

  it('refuses a malformed hash with 400 and a request without a token with 401', async () => {
    expect((await getMedia('not-a-hash')).status).toBe(400);
    const upper = await getMedia(PNG_SHA256.toUpperCase());
    expect(upper.status).toBe(400);
    expect(await errorCode(upper)).toBe('invalid_input');

    const anonymous = await getMedia(PNG_SHA256, {}, null);
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe('unauthenticated');
  });
});
