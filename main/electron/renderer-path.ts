import { extname, resolve, sep } from 'node:path';
import { isAppUrl, parseUrl } from './app-origin.js';

/**
 * The file under `rootDir` that an app URL names, or null when the URL is not ours or would
 * leave `rootDir` (`..`, encoded separators, backslashes, NUL bytes). `/` means index.html.
 */
export function resolveRendererPath(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const parsed = parseUrl(url);
  if (!parsed) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A decoded backslash is a separator on Windows, and NUL truncates paths in native code.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  if (!pathname.startsWith('/')) pathname = `/${pathname}`;
  if (pathname.endsWith('/')) pathname += 'index.html';

  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname}`);
  if (!file.startsWith(root + sep)) return null;
  return file;
}

/**
 * True for URLs that look like client-side routes (`/sites/42`) rather than assets
 * (`/assets/app.js`): those get index.html so a reload on any page works.
 */
export function isClientRoute(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  const last = parsed.pathname.split('/').pop() ?? '';
  return extname(last) === '';
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
