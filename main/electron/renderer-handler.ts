import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { contentTypeOf, isClientRoute, resolveRendererPath } from './renderer-path.js';

/**
 * Answers requests for `outpost://app/…` from the built renderer folder. Plain fetch-API types,
 * so it runs (and is tested) under Node as well as inside `protocol.handle`.
 */
export function createRendererHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
    }
    const file = resolveRendererPath(rootDir, request.url);
    if (!file) return plain(404, 'Not found.');

    const body =
      (await readIfFile(file)) ?? (isClientRoute(request.url) ? await readIfFile(join(rootDir, 'index.html')) : null);
    if (!body) {
      if (isClientRoute(request.url)) {
        return plain(500, 'The Outpost user interface is not built: run "npm run build" and start Outpost again.');
      }
      return plain(404, 'Not found.');
    }
    const served = body.file;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body.data), {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(served),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        // Files change with every upgrade; revalidating costs nothing on a local scheme.
        'Cache-Control': 'no-cache',
      },
    });
  };
}

async function readIfFile(file: string): Promise<{ file: string; data: Buffer } | null> {
  try {
    return { file, data: await readFile(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw err;
  }
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra },
  });
}
