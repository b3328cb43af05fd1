import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { createRendererHandler } from './renderer-handler.js';

let base: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'outpost-renderer-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Outpost</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
  handle = createRendererHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('createRendererHandler', () => {
  it('serves files with their type, the CSP and nosniff', async () => {
    const response = await get('outpost://app/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('serves index.html for the root and for client-side routes', async () => {
    for (const url of ['outpost://app/', 'outpost://app/index.html', 'outpost://app/sites/01HX/map']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>Outpost</title>');
    }
  });

  it('answers 404 for missing assets rather than the page', async () => {
    expect((await get('outpost://app/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of [
      'outpost://app/../secret.txt',
      'outpost://app/%2e%2e/secret.txt',
      'outpost://app/..%2Fsecret.txt',
      'outpost://app/..%5Csecret.txt',
    ]) {
      const response = await get(url);
      expect(await response.text()).not.toContain('do not serve');
      expect(response.status).not.toBe(200);
    }
  });

  it('refuses other origins and methods', async () => {
    expect((await get('outpost://other/index.html')).status).toBe(404);
    const post = await get('outpost://app/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('outpost://app/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('says how to build the UI when it is missing', async () => {
    const empty = createRendererHandler(join(base, 'nothing-here'));
    const response = await empty(new Request('outpost://app/'));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('npm run build');
  });
});
