import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods } from '../contract/index.js';
import { addUser, createCore, createLogger, loadConfig, type Core } from '../core/index.js';
import { startServer, type RunningServer } from './index.js';

const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer-password-123' };
const BODY_LIMIT = 4096;
const EXPECTED_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;connect-src 'self';" +
  "font-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'";

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

const cleanups: Array<() => Promise<void>> = [];
let dataDir: string;
let core: Core;
let server: RunningServer;
let adminToken: string;
let viewerToken: string;

function rpc(method: string, input?: unknown, token?: string, base = server.url): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${base}/api/rpc/${method}`, {
    method: 'POST',
    headers,
    body: input === undefined ? '' : JSON.stringify(input),
  }).then(answer);
}

async function login(who: { email: string; password: string }, base = server.url): Promise<string> {
  const result = await rpc('auth.login', who, undefined, base);
  expect(result.status).toBe(200);
  return result.body.token as string;
}

function configFor(dir: string, extra: Record<string, unknown> = {}) {
  return loadConfig({
    env: {},
    overrides: { dataDir: dir, server: { port: 0, bodyLimitBytes: BODY_LIMIT }, log: { level: 'silent' }, ...extra },
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outpost-server-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = configFor(dataDir);
  await addUser({ config, ...ADMIN, role: 'admin' });
  const logger = createLogger(config);
  core = await createCore({ config, logger });
  cleanups.push(() => core.close());
  server = await startServer(core, { logger, rendererDir: join(dataDir, 'no-renderer-here') });
  cleanups.push(() => server.close());

  adminToken = await login(ADMIN);
  const created = await rpc('users.create', { ...VIEWER, role: 'viewer' }, adminToken);
  expect(created.status).toBe(200);
  viewerToken = await login(VIEWER);
});

afterAll(async () => {
  // Last in, first out, and every cleanup runs even when one fails.
  const errors: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => errors.push(err));
  if (errors.length) throw errors[0];
});

describe('POST /api/rpc/:method', () => {
  it('answers 200 with the method output, for a bare POST and an empty JSON body alike', async () => {
    const bare = await fetch(`${server.url}/api/rpc/system.health`, { method: 'POST' }).then(answer);
    expect(bare.status).toBe(200);
    expect(bare.body.status).toBe('ok');

    const empty = await rpc('system.health');
    expect(empty.status).toBe(200);

    const created = await rpc('sites.create', { name: 'North Depot', slug: 'north-depot' }, adminToken);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'North Depot', slug: 'north-depot', timezone: 'UTC' });

    const listed = await rpc('sites.list', {}, viewerToken);
    expect(listed.body.sites.map((s: { slug: string }) => s.slug)).toContain('north-depot');
  });

  it('answers 400 invalid_input naming every failing field', async () => {
    const result = await rpc('sites.create', { name: '', slug: 'Not A Slug', extra: 1 }, adminToken);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_input');
    const paths = result.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'slug']));
  });

  it('answers 400 invalid_input for malformed JSON', async () => {
    const result = await fetch(`${server.url}/api/rpc/system.health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    }).then(answer);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_input');
  });

  it('answers 401 without a session and with a forged token', async () => {
    const none = await rpc('sites.list', {});
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');

    const [head, , signature] = adminToken.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'someone', role: 'admin' })).toString('base64url');
    const forged = await rpc('sites.list', {}, `${head}.${forgedClaims}.${signature}`);
    expect(forged.status).toBe(401);
  });

  it('answers 403 when the role is too low', async () => {
    const result = await rpc('sites.create', { name: 'Viewer Site', slug: 'viewer-site' }, viewerToken);
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe('forbidden');
  });

  it('answers 404 unknown_method for a method that does not exist', async () => {
    const result = await rpc('sites.explode', {}, adminToken);
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('unknown_method');
  });

  it('answers 409 conflict for a slug already in use', async () => {
    const first = await rpc('sites.create', { name: 'Depot A', slug: 'depot-a' }, adminToken);
    expect(first.status).toBe(200);
    const second = await rpc('sites.create', { name: 'Depot A again', slug: 'depot-a' }, adminToken);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
  });

  it('answers 413 payload_too_large for a body over server.bodyLimitBytes, and stores nothing', async () => {
    const result = await rpc('sites.create', { name: 'Big', slug: 'big', address: 'x'.repeat(BODY_LIMIT) }, adminToken);
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payload_too_large');
    const listed = await rpc('sites.list', {}, adminToken);
    expect(listed.body.sites.map((s: { slug: string }) => s.slug)).not.toContain('big');
  });

  it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
    const result = await fetch(`${server.url}/api/rpc/system.health`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    }).then(answer);
    expect(result.status).toBe(415);
    expect(result.body.error.code).toBe('unsupported_media_type');
  });
});

describe('routes that do not exist', () => {
  it('answer JSON 404 not_found under /api, whatever the verb', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const result = await fetch(`${server.url}/api/nothing/here`, { method }).then(answer);
      expect(result.status).toBe(404);
      expect(result.body.error.code).toBe('not_found');
    }
  });

  it('answer / with a page saying how to build the renderer when it is missing', async () => {
    const result = await fetch(`${server.url}/`).then(answer);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.body).toContain('The renderer is not built. Run <code>npm run build</code>');
  });
});

describe('operations endpoints', () => {
  it('/healthz reports status, version, sqlite, sqlite-vec and the embedder', async () => {
    const result = await fetch(`${server.url}/healthz`).then(answer);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      status: 'ok',
      version: core.version,
      sqlite: expect.stringMatching(/^\d+\.\d+/),
      sqliteVec: expect.any(String),
      embedder: expect.stringMatching(/^(onnx|hashed-ngram)$/),
    });
  });

  it('/readyz answers 200 when ready', async () => {
    const result = await fetch(`${server.url}/readyz`).then(answer);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ready: true });
  });

  it('/metrics exposes the request histogram labelled by route pattern, not raw URL', async () => {
    await rpc('system.health');
    const result = await fetch(`${server.url}/metrics`).then(answer);
    expect(result.status).toBe(200);
    const text = result.body as string;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/rpc\/:method"[^}]*method="POST"[^}]*status_code="200"/,
    );
    expect(text).not.toContain('route="/api/rpc/system.health"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

describe('docs', () => {
  it('/docs/openapi.json is OpenAPI 3.1 with every method of the contract', async () => {
    const result = await fetch(`${server.url}/docs/openapi.json`).then(answer);
    expect(result.status).toBe(200);
    const doc = result.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const name of METHOD_NAMES) {
      const operation = doc.paths[`/api/rpc/${name}`]?.post;
      expect(operation, name).toBeDefined();
      expect(operation.summary).toBe(methods[name].summary);
      expect(operation.requestBody.content['application/json'].schema).toBeTypeOf('object');
      expect(operation.responses['200'].content['application/json'].schema).toBeTypeOf('object');
      if (methods[name].access === 'public') {
        expect(operation.security).toEqual([]);
      } else {
        expect(operation.security).toBeUndefined(); // the document-wide bearerAuth applies
        expect(operation.description).toContain(`Required role: \`${methods[name].access}\``);
        expect(operation.responses['401']).toBeDefined();
      }
    }
    expect(doc.paths['/api/rpc/sites.create'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'slug']),
    );
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/events']) expect(doc.paths[path]).toBeDefined();
  });

  it('/docs is a readable page under the same strict CSP', async () => {
    const result = await fetch(`${server.url}/docs`).then(answer);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    for (const name of METHOD_NAMES) expect(result.body).toContain(`/api/rpc/${name}`);
    const css = await fetch(`${server.url}/docs/docs.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});

describe('security headers', () => {
  it('every answer carries the strict CSP and the other helmet headers', async () => {
    for (const path of ['/', '/healthz', '/docs/openapi.json', '/api/nothing']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('content-security-policy'), path).toBe(EXPECTED_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      await response.arrayBuffer();
    }
  });
});

/** Reads an SSE body until `text` has arrived; the stream is left open. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, seen: { text: string }, want: string) {
  const decoder = new TextDecoder();
  while (!seen.text.includes(want)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before "${want}"; got:\n${seen.text}`);
    seen.text += decoder.decode(value, { stream: true });
  }
}

describe('GET /api/events', () => {
  it('delivers sites.changed to a subscriber of the same tenant after sites.create', async () => {
    const abort = new AbortController();
    try {
      const response = await fetch(`${server.url}/api/events?topics=sites.changed`, {
        headers: { authorization: `Bearer ${viewerToken}` },
        signal: abort.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.getReader();
      const seen = { text: '' };
      await readUntil(reader, seen, 'subscribed to sites.changed');

      const created = await rpc('sites.create', { name: 'Live Site', slug: 'live-site' }, adminToken);
      expect(created.status).toBe(200);
      await readUntil(reader, seen, 'event: sites.changed');
      await readUntil(reader, seen, `"siteId":"${created.body.id}"`);
      const message = seen.text.slice(seen.text.indexOf('event: sites.changed'));
      expect(message).toMatch(/^event: sites\.changed\ndata: \{.*"action":"created".*\}\n\n/);
    } finally {
      abort.abort();
    }
  });

  it('answers 401 without a token and 400 for an unknown topic', async () => {
    const anonymous = await fetch(`${server.url}/api/events`).then(answer);
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${server.url}/api/events?topics=sites.changed,weather`, {
      headers: { authorization: `Bearer ${viewerToken}` },
    }).then(answer);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('topics');
  });
});

describe('with a renderer', () => {
  let rendered: RunningServer;

  beforeAll(async () => {
    const dir = join(dataDir, 'renderer');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Outpost UI</title><div id="root"></div>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log("app");');
    rendered = await startServer(core, { logger: { level: 'silent' }, rendererDir: dir });
    cleanups.push(() => rendered.close());
  });

  it('serves index.html at / and for client-side routes, assets as files, JSON 404 for the rest', async () => {
    for (const path of ['/', '/settings/sites', '/map']) {
      const page = await fetch(`${rendered.url}${path}`).then(answer);
      expect(page.status, path).toBe(200);
      expect(page.body).toContain('<title>Outpost UI</title>');
    }
    const asset = await fetch(`${rendered.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    await asset.arrayBuffer();

    const missingAsset = await fetch(`${rendered.url}/assets/missing.js`).then(answer);
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.body.error.code).toBe('not_found');
    const api = await fetch(`${rendered.url}/api/nothing`).then(answer);
    expect(api.body.error.code).toBe('not_found');
  });
});

describe('a Core that fails', () => {
  it('answers 500 internal without the message or stack, and logs them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ log: { level: 'info' } }, sink);
    // A fake of the Core (not of the server under test): one method throws a plain Error.
    const failing: Core = {
      ...core,
      call: (method, input, ctx) =>
        method === 'system.info'
          ? Promise.reject(new Error('disk /secret/path exploded'))
          : core.call(method, input, ctx),
      ready: () => false,
    };
    const broken = await startServer(failing, { logger });
    cleanups.push(() => broken.close());

    const result = await fetch(`${broken.url}/api/rpc/system.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
    }).then(answer);
    expect(result.status).toBe(500);
    expect(result.body.error.code).toBe('internal');
    const raw = JSON.stringify(result.body);
    expect(raw).not.toContain('/secret/path');
    expect(raw).not.toMatch(/\bat .*:\d+:\d+/);
    expect(lines.join('')).toContain('disk /secret/path exploded');

    const ready = await fetch(`${broken.url}/readyz`).then(answer);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false });
  });
});

describe('shutdown', () => {
  it('ends open event streams when the server closes', async () => {
    const closing = await startServer(core, { logger: { level: 'silent' } });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await closing.close();
    });
    const response = await fetch(`${closing.url}/api/events`, { headers: { authorization: `Bearer ${viewerToken}` } });
    const reader = response.body!.getReader();
    await readUntil(reader, { text: '' }, 'subscribed');

    await closing.close();
    closed = true;
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });

  it('does not wait for a connection that never sent a request', async () => {
    const closing = await startServer(core, { logger: { level: 'silent' } });
    const socket = connect(closing.address.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      await closing.close();
      await ended;
    } finally {
      socket.destroy();
    }
  });
});
