import { createWriteStream, createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OutpostError } from '../contract/index.js';
import type { MediaFetchRow, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import type { MediaIntake } from './media-intake.js';
import type { MediaLog } from './media-log.js';
import type { GuardedFetch } from '../outbound/index.js';

/** Outgoing requests to Frigate: the Core's address guard (`main/outbound`). */
export type FetchFn = GuardedFetch;

export interface FrigateFetcherDeps {
  store: Store;
  blobs: BlobStore;
  intake: MediaIntake;
  log: MediaLog;
  now: () => number;
  /** The Core's outgoing-request guard (issue 8) plugs in here; global fetch otherwise. */
  fetch: FetchFn;
  maxAttempts: number;
  /** Called after a file was attached (its thumbnail can be made). */
  onAttached(): void;
}

const TIMEOUT_MS = 60_000;

/** 1 s, 2 s, 4 s … 5 min, ±20 %: Frigate writes a clip some seconds after the event ends. */
export function fetchBackoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Fetches queued event files from Frigate's HTTP API (`/api/events/{id}/snapshot.jpg`,
 * `/clip.mp4`). The queue is in the database, so a restart loses nothing; a download cut short
 * goes on from where it stopped with `Range` (a 200 answer starts it over). A fetched file goes
 * through the same intake as every other (ffprobe check, faststart) and is attached to its event.
 */
export function createFrigateFetcher(deps: FrigateFetcherDeps) {
  const { store, blobs, log, now } = deps;
  const partOf = (row: MediaFetchRow) => join(blobs.tempDir, `fetch-${row.id}.part`);

  async function download(row: MediaFetchRow): Promise<string> {
    const part = partOf(row);
    const have = (await stat(part).catch(() => null))?.size ?? 0;
    const headers: Record<string, string> = have > 0 ? { range: `bytes=${have}-` } : {};
    const response = await deps.fetch(row.url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    if (response.status === 416 && have > 0) return part;
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`Frigate answered HTTP ${response.status} for the ${row.kind}`);
    }
    if (!response.body) throw new Error(`Frigate sent no ${row.kind}`);
    const append = response.status === 206 && have > 0;
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(part, { flags: append ? 'a' : 'w' }));
    return part;
  }

  async function fetchOne(row: MediaFetchRow): Promise<void> {
    try {
      const part = await download(row);
      const ref = await deps.intake.put(createReadStream(part), '', row.kind, row.tenantId);
      store.media.attach({ tenantId: row.tenantId, siteId: row.siteId }, row.eventId, ref, now());
      store.mediaFetches.done(row.id);
      await rm(part, { force: true });
      deps.onAttached();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A file Frigate sent whole but that is not media will not get better by asking again.
      const hopeless = err instanceof OutpostError && err.code !== 'unavailable' && err.code !== 'insufficient_storage';
      const giveUp = hopeless || row.attempts + 1 >= deps.maxAttempts;
      if (hopeless) await rm(partOf(row), { force: true });
      store.mediaFetches.retryAt(row.id, now() + fetchBackoffMs(row.attempts), message, giveUp);
      if (giveUp) log.warn({ eventId: row.eventId, kind: row.kind, error: message }, 'gave up fetching a Frigate file');
    }
  }

  return {
    request(
      scope: { tenantId: string; siteId: string },
      eventId: string,
      files: { kind: 'snapshot' | 'clip'; url: string }[],
    ): void {
      for (const file of files)
        store.mediaFetches.add({ ...scope, eventId, kind: file.kind, url: file.url, createdAt: now() });
    },
    async runOnce(): Promise<number> {
      const due = store.mediaFetches.due(now(), 8);
      await Promise.all(due.map(fetchOne));
      return due.length;
    },
  };
}
