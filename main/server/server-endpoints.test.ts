import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods } from '../contract/index.js';
import { createLogger, type Core } from '../core/index.js';
import { startServer, type RunningServer } from './index.js';
import { answer, EXPECTED_CSP, useServerFixture } from './test-support/server-fixture.js';

const fx = useServerFixture();

describe('operations endpoints', () => {
  it('/healthz reports status, version, sqlite, sqlite-vec and the embedder', async () => {
    const result = await fetch(`${fx.server.url}/healthz`).then(answer);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      status: 'ok',
      version: fx.core.version,
      sqlite: expect.stringMatching(/^\d+\.\d+/),
      sqliteVec: expect.any(String),
      embedder: expect.stringMatching(/^(onnx|hashed-ngram)$/),
    });
  });

  it('/readyz answers 200 when ready', async () => {
    const result = await fetch(`${fx.server.url}/readyz`).then(answer);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ready: true });
  });

  it('/metrics exposes the request histogram labelled by route pattern, not raw URL', async () => {
    await fx.rpc('system.health');
    const result = await fetch(`${fx.server.url}/metrics`).then(answer);
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
    const result = await fetch(`${fx.server.url}/docs/openapi.json`).then(answer);
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
        expect(operation.description).toContain(
          methods[name].access === 'installation'
            ? 'Installation admins only'
            : `Required role: \`${methods[name].access}\``,
        );
        expect(operation.responses['401']).toBeDefined();
      }
    }
    expect(doc.paths['/api/rpc/sites.create'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'slug']),
    );
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/events']) expect(doc.paths[path]).toBeDefined();
  });

  it('/docs is a readable page under the same strict CSP', async () => {
    const result = await fetch(`${fx.server.url}/docs`).then(answer);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    for (const name of METHOD_NAMES) expect(result.body).toContain(`/api/rpc/${name}`);
    const css = await fetch(`${fx.server.url}/docs/docs.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});

describe('security headers', () => {
  it('every answer carries the strict CSP and the other helmet headers', async () => {
    for (const path of ['/', '/healthz', '/docs/openapi.json', '/api/nothing']) {
      const response = await fetch(`${fx.server.url}${path}`);
      expect(response.headers.get('content-security-policy'), path).toBe(EXPECTED_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
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
      const response = await fetch(`${fx.server.url}/api/events?topics=sites.changed`, {
        headers: { authorization: `Bearer ${fx.viewerToken}` },
        signal: abort.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.getReader();
      const seen = { text: '' };
      await readUntil(reader, seen, 'subscribed to sites.changed');

      const created = await fx.rpc('sites.create', { name: 'Live Site', slug: 'live-site' }, fx.adminToken);
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
    const anonymous = await fetch(`${fx.server.url}/api/events`).then(answer);
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${fx.server.url}/api/events?topics=sites.changed,weather`, {
      headers: { authorization: `Bearer ${fx.viewerToken}` },
    }).then(answer);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('topics');
  });
});

describe('with a renderer', () => {
  let rendered: RunningServer;

  beforeAll(async () => {
    const dir = join(fx.dataDir, 'renderer');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Outpost UI</title><div id="root"></div>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log("app");');
    rendered = await startServer(fx.core, { logger: { level: 'silent' }, rendererDir: dir });
    fx.cleanups.push(() => rendered.close());
  });

  it('serves index.html at / and for client-side routes, assets as files, JSON 404 for the rest', async () => {
    // /wall/{slug} is the public wall board: the same app, under the same CSP (images from the
    // server itself, data: and blob: URLs; the overlay SVG is inlined, its styles set through the CSSOM).
    for (const path of ['/', '/settings/sites', '/map', '/wall/north-yard', '/wall/north-yard?env=staging']) {
      const page = await fetch(`${rendered.url}${path}`).then(answer);
      expect(page.status, path).toBe(200);
      expect(page.body).toContain('<title>Outpost UI</title>');
      expect(page.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
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
      ...fx.core,
      call: (method, input, ctx) =>
        method === 'system.info'
          ? Promise.reject(new Error('disk /secret/path exploded'))
          : fx.core.call(method, input, ctx),
      ready: () => false,
    };
    const broken = await startServer(failing, { logger });
    fx.cleanups.push(() => broken.close());

    const result = await fetch(`${broken.url}/api/rpc/system.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.adminToken}` },
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
    const closing = await startServer(fx.core, { logger: { level: 'silent' } });
    let closed = false;
    fx.cleanups.push(async () => {
      if (!closed) await closing.close();
    });
    const response = await fetch(`${closing.url}/api/events`, {
      headers: { authorization: `Bearer ${fx.viewerToken}` },
    });
    const reader = response.body!.getReader();
    await readUntil(reader, { text: '' }, 'subscribed');

    await closing.close();
    closed = true;
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });

  it('does not wait for a connection that never sent a request', async () => {
    const closing = await startServer(fx.core, { logger: { level: 'silent' } });
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
