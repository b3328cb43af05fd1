import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Bodies smaller than this go out as they are: gzip would save next to nothing. */
const MIN_GZIP_BYTES = 1024;
/** Releases kept; a few per site and environment is plenty (publish and rollback replace them). */
const MAX_ENTRIES = 64;

interface Entry {
  identity: Buffer;
  gzip?: Promise<Buffer>;
}

/**
 * The bytes of release.json answers, made once per release (keyed by its SHA-256) instead of once
 * per request: the UTF-8 buffer, and its gzip form on first demand. A release with thousands of
 * overlays is hundreds of kilobytes of JSON that compresses about tenfold, and every wall board
 * and browser asks for gzip.
 */
export class ReleaseBodies {
  readonly #entries = new Map<string, Entry>();

  identity(sha256: string, json: string): Buffer {
    return this.#entry(sha256, json).identity;
  }

  /** The gzip form, or undefined when the body is too small to be worth it. */
  async gzip(sha256: string, json: string): Promise<Buffer | undefined> {
    const entry = this.#entry(sha256, json);
    if (entry.identity.length < MIN_GZIP_BYTES) return undefined;
    entry.gzip ??= gzipAsync(entry.identity);
    return entry.gzip;
  }

  #entry(sha256: string, json: string): Entry {
    let entry = this.#entries.get(sha256);
    if (entry === undefined) {
      entry = { identity: Buffer.from(json, 'utf8') };
      this.#entries.set(sha256, entry);
      // Oldest first: a Map iterates in insertion order.
      for (const key of this.#entries.keys()) {
        if (this.#entries.size <= MAX_ENTRIES) break;
        this.#entries.delete(key);
      }
    }
    return entry;
  }
}
