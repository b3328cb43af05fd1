import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, isClientRoute, resolveRendererPath } from './renderer-path.js';

const root = resolve('/opt/outpost/dist/renderer');

describe('resolveRendererPath', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveRendererPath(root, 'outpost://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, 'outpost://app/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveRendererPath(root, 'outpost://app/assets/a%20b.css?v=1#x')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('serves index.html for the root and folders', () => {
    expect(resolveRendererPath(root, 'outpost://app/')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, 'outpost://app')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, 'outpost://app/assets/')).toBe(join(root, 'assets', 'index.html'));
  });

  it.each([
    'outpost://app/../../etc/passwd',
    'outpost://app/%2e%2e/%2e%2e/etc/passwd',
    'outpost://app/..%2F..%2F..%2Fetc%2Fpasswd',
    'outpost://app/assets/..%2F..%2F..%2Fpackage.json',
    'outpost://app/%2E%2E%2Fpackage.json',
    'outpost://app/..%5C..%5Cpackage.json',
    'outpost://app/assets%5C..%5C..%5Csecret',
    'outpost://app/index.html%00.png',
  ])('never leaves the renderer folder: %s', (url) => {
    const file = resolveRendererPath(root, url);
    if (file !== null) expect(file.startsWith(root + sep)).toBe(true);
  });

  it('refuses encoded traversal outright', () => {
    expect(resolveRendererPath(root, 'outpost://app/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(resolveRendererPath(root, 'outpost://app/..%5Cpackage.json')).toBeNull();
    expect(resolveRendererPath(root, 'outpost://app/index.html%00.png')).toBeNull();
  });

  it('refuses malformed escapes and foreign origins', () => {
    expect(resolveRendererPath(root, 'outpost://app/%E0%A4%A')).toBeNull();
    expect(resolveRendererPath(root, 'outpost://other/index.html')).toBeNull();
    expect(resolveRendererPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveRendererPath(root, 'https://app/index.html')).toBeNull();
  });
});

describe('isClientRoute', () => {
  it('tells routes from assets', () => {
    expect(isClientRoute('outpost://app/sites/01HX')).toBe(true);
    expect(isClientRoute('outpost://app/')).toBe(true);
    expect(isClientRoute('outpost://app/assets/index.js')).toBe(false);
    expect(isClientRoute('outpost://app/favicon.ico')).toBe(false);
  });
});

describe('contentTypeOf', () => {
  it('knows what the renderer build contains', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/noext')).toBe('application/octet-stream');
  });
});
