import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { ContentCoding } from './accept-encoding.js';

/** The suffix the build gives each coding's file (vite.config.ts: vite-plugin-compression2). */
const SUFFIX: Record<Exclude<ContentCoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

/** The types a Vite build emits; anything else is sent as bytes to download. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** A built renderer is a few megabytes; a folder far past these is not one (a wrong `server.rendererDir`). */
const MAX_FILES = 5_000;
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

export interface Variant {
  body: Buffer;
  /** Strong: a hash of exactly these bytes, so each coding of a file has its own. */
  etag: string;
}

export interface RendererFile {
  contentType: string;
  /** Under assets/: Vite puts a hash of the content in the name, so the bytes at a name never change. */
  immutable: boolean;
  identity: Variant;
  coded: Partial<Record<Exclude<ContentCoding, 'identity'>, Variant>>;
}

function variant(body: Buffer): Variant {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

async function listFiles(root: string, dir = root, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Dot folders (Vite's .vite/manifest.json) are build records, not part of the app.
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(root, path, out);
    else if (entry.isFile()) out.push(path);
    if (out.length > MAX_FILES) {
      throw new Error(
        `${root} holds more than ${MAX_FILES} files: that is not a built renderer. Point server.rendererDir at dist/renderer.`,
      );
    }
  }
  return out;
}

/**
 * The built renderer, read into memory once: every file with its precompressed forms and their
 * ETags. Written here rather than with @fastify/static's `preCompressed`, which fits everything but
 * the validators: its ETags are weak and made of size and mtime (`W/"size-mtime"`), so the same
 * bytes get a new tag at every build or copy, and replacing them turns off its 304 answers. The
 * folder is small and fixed between builds, so holding it costs little, and a path is served only
 * if it is a key of this table: nothing else on disk is reachable.
 */
export class RendererFiles {
  private constructor(
    readonly dir: string,
    private readonly files: ReadonlyMap<string, RendererFile>,
    /** index.html's mtime when read: a newer one means a new build to load. */
    readonly builtAt: number,
  ) {}

  /** Null when `dir` holds no index.html: the renderer is not built. */
  static async load(dir: string): Promise<RendererFiles | null> {
    let builtAt: number;
    try {
      builtAt = (await stat(join(dir, 'index.html'))).mtimeMs;
    } catch {
      return null;
    }
    const paths = await listFiles(dir);
    const present = new Set(paths);
    const files = new Map<string, RendererFile>();
    let total = 0;
    for (const path of paths) {
      // A coded file belongs to the file it was made from; on its own (no original) it is just a file.
      if (Object.values(SUFFIX).some((suffix) => path.endsWith(suffix) && present.has(path.slice(0, -suffix.length)))) {
        continue;
      }
      const urlPath = `/${relative(dir, path).split(sep).join('/')}`;
      const identity = await readFile(path);
      const coded: RendererFile['coded'] = {};
      total += identity.length;
      for (const [coding, suffix] of Object.entries(SUFFIX) as [keyof typeof SUFFIX, string][]) {
        if (!present.has(path + suffix)) continue;
        const body = await readFile(path + suffix);
        total += body.length;
        // A coded form no smaller than the original is not worth sending.
        if (body.length < identity.length) coded[coding] = variant(body);
      }
      if (total > MAX_TOTAL_BYTES) {
        throw new Error(
          `${dir} holds more than ${MAX_TOTAL_BYTES / 1024 / 1024} MiB: that is not a built renderer. Point server.rendererDir at dist/renderer.`,
        );
      }
      files.set(urlPath, {
        contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        immutable: urlPath.startsWith('/assets/'),
        identity: variant(identity),
        coded,
      });
    }
    return new RendererFiles(dir, files, builtAt);
  }

  get(urlPath: string): RendererFile | undefined {
    return this.files.get(urlPath);
  }

  get index(): RendererFile {
    return this.files.get('/index.html')!;
  }
}
