import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { Readable } from 'node:stream';
import { HTTP_STATUS, OutpostError, type ErrorCode, type RpcResult } from '../contract/index.js';
import { attachment, hashEtag, ifNoneMatchHits, parseByteRange } from '../server/route-kit/index.js';

/** What the Core says about a media file a signed link opens (Core.mediaFile over the port). */
export interface DesktopMediaFile {
  path: string;
  sha256: string;
  contentType: string;
  size: number;
  fileName: string;
}

export interface MediaHandlerOptions {
  /** Asks the Core which file `link` opens: the same check as `GET /api/media/{id}` in serve mode. */
  resolve(mediaId: string, link: string): Promise<RpcResult>;
  /** The Core's blob folder. A path the Core answers is opened only when it lies below it. */
  mediaRoot: string;
  /** Asks the Core to write the export `link` opens to a file: `{ path, fileName, size }`. */
  resolveExport(exportId: string, link: string): Promise<RpcResult>;
  /** The Core's export spool folder; export files are opened only below it. */
  exportRoot: string;
}

/** What the Core says about an export file (Core.exportFile over the port). */
interface DesktopExportFile {
  path: string;
  fileName: string;
  size: number;
}

/** How one file is answered: its headers besides the range ones. */
interface Served {
  path: string;
  size: number;
  etag: string;
  headers: Record<string, string>;
}

const MEDIA_PATH = /^\/api\/media\/([0-9A-Za-z]{1,100})$/;
const EXPORT_PATH = /^\/api\/media\/exports\/([0-9A-Za-z]{1,100})$/;

/** Whether `outpost://app/…` asks for a stored media file (or an export) rather than a file of the renderer. */
export function isMediaRequest(url: string): boolean {
  try {
    const { pathname } = new URL(url);
    return MEDIA_PATH.test(pathname) || EXPORT_PATH.test(pathname);
  } catch {
    return false;
  }
}

/**
 * The desktop app's `outpost://app/api/media/{id}?t=…` (it has no HTTP server, and the renderer's
 * `<video>` and `<img>` use the signed links of `media.get` as they are): the Core checks the link and
 * names the file; this process streams it with the same HTTP semantics as the serve route (single
 * `Range`, 416 naming the size, `If-Range`, `If-None-Match`, `?download=1`), so `<video>` seeks at
 * once. Exports (`/api/media/exports/{id}?t=…`, from `media.export`) are written to a file by the Core
 * and answered as an attachment, which Chromium saves as a download. Only signed links: the renderer
 * never holds a session token. Plain fetch-API types, so it runs (and is tested) under Node as well as
 * inside `protocol.handle`.
 */
export function createMediaHandler(options: MediaHandlerOptions): (request: Request) => Promise<Response> {
  /** The path guard: whatever the Core answers, this process opens nothing outside `root`. */
  async function below(root: string, file: string): Promise<string | Response> {
    let path: string;
    try {
      path = await realpath(file);
    } catch {
      return problem('not_found', 'The media file is missing on disk. Run a media check in Settings → Storage.');
    }
    // Resolved each time (one syscall): the export folder appears only with the first export.
    const base = await realpath(root).catch(() => null);
    if (base === null || !path.startsWith(base + sep) || !(await stat(path)).isFile()) {
      return problem('forbidden', 'This media file is outside Outpost’s media folder and is not served.');
    }
    return path;
  }

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return problem('invalid_input', 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' }, 405);
    }
    const url = new URL(request.url);
    const link = url.searchParams.get('t');
    const exportId = EXPORT_PATH.exec(url.pathname)?.[1];
    const id = exportId ? undefined : MEDIA_PATH.exec(url.pathname)?.[1];
    if (!exportId && !id) return problem('not_found', 'There is no such media file.');
    if (!link) return problem('unauthenticated', 'This media link has no signature. Open the event again.');

    /** The Core's answer, and its file once the path guard has passed it; a Response when refused. */
    async function located<F extends { path: string }>(answer: RpcResult, root: string) {
      if (!answer.ok) return problem(answer.error.code, answer.error.message);
      const file = answer.result as F;
      const path = await below(root, file.path);
      return typeof path === 'string' ? { file, path } : path;
    }

    if (exportId) {
      const found = await located<DesktopExportFile>(await options.resolveExport(exportId, link), options.exportRoot);
      if (found instanceof Response) return found;
      const { file, path } = found;
      return serve(request, {
        path,
        size: file.size,
        // An export id's tar never changes once written, so the id is a strong validator.
        etag: `"${exportId}"`,
        headers: {
          'Content-Type': 'application/x-tar',
          'Content-Disposition': attachment(file.fileName),
          'Cache-Control': 'no-store',
        },
      });
    }

    const found = await located<DesktopMediaFile>(await options.resolve(id!, link), options.mediaRoot);
    if (found instanceof Response) return found;
    const { file, path } = found;
    return serve(request, {
      path,
      size: file.size,
      etag: hashEtag(file.sha256),
      headers: {
        'Content-Type': file.contentType,
        'Cache-Control': 'private, max-age=31536000, immutable',
        ...(url.searchParams.get('download') === '1' ? { 'Content-Disposition': attachment(file.fileName) } : {}),
      },
    });
  };
}

/** A file with `Range`, `If-Range` and `If-None-Match` answered as the serve route does. */
function serve(request: Request, file: Served): Response {
  const headers: Record<string, string> = {
    ...file.headers,
    ETag: file.etag,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
  };
  if (ifNoneMatchHits(request.headers.get('if-none-match') ?? undefined, file.etag)) {
    return new Response(null, { status: 304, headers });
  }
  const ifRange = request.headers.get('if-range');
  const rangeHeader = ifRange === null || ifRange.trim() === file.etag ? request.headers.get('range') : null;
  const range = parseByteRange(rangeHeader ?? undefined, file.size);
  if (range === 'unsatisfiable') {
    return problem(
      'invalid_input',
      `The requested range is outside the file, which has ${file.size} bytes.`,
      { 'Content-Range': `bytes */${file.size}` },
      416,
    );
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
  const body =
    request.method === 'HEAD' || file.size === 0
      ? null
      : (Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, { status: range ? 206 : 200, headers });
}

function problem(code: ErrorCode, message: string, extra: Record<string, string> = {}, status?: number): Response {
  return new Response(JSON.stringify(new OutpostError(code, message).toBody()), {
    status: status ?? HTTP_STATUS[code],
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra },
  });
}
