import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { ulid } from 'ulid';
import { OutpostError } from '../contract/index.js';
import type { MediaRow, Scope, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import { fileNameOf } from './media-access.js';

export interface ExportSelection {
  eventId?: string;
  siteId?: string;
  from?: number;
  to?: number;
  device?: string;
  label?: string;
}

interface PendingExport {
  tenantId: string;
  fileName: string;
  rows: MediaRow[];
  missing: MediaRow[];
  by: string;
  selection: ExportSelection;
  createdAt: number;
  expiresAt: number;
}

/**
 * Exports: a selection of an event's files (or a time range's) as one tar: `files/…`, a
 * `manifest.json` (what, from where, who exported it, when) and `SHA256SUMS` (`sha256sum -c`
 * checks it). The selection is fixed when the export is made (and audited then); the tar is
 * streamed from the blobs when the signed link is followed, so nothing is copied first.
 */
export function createExports(deps: {
  store: Store;
  blobs: BlobStore;
  now: () => number;
  ttlMs: number;
  maxFiles: number;
}) {
  const pending = new Map<string, PendingExport>();

  function prune(): void {
    for (const [id, e] of pending) if (e.expiresAt < deps.now()) pending.delete(id);
  }

  /** Spooled tars older than the links that open them are of no use: removed at the next spool. */
  async function pruneSpool(dir: string): Promise<void> {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs + deps.ttlMs < deps.now()) await rm(path, { force: true });
    }
  }

  const api = {
    create(scope: Scope, by: string, selection: ExportSelection) {
      prune();
      let rows: MediaRow[];
      let name: string;
      if (selection.eventId) {
        rows = deps.store.media.forEvents(scope, [selection.eventId]).filter((r) => r.parentId === null);
        if (rows.length === 0 && !deps.store.events.get(scope, selection.eventId)) {
          throw new OutpostError('not_found', `There is no event ${selection.eventId}. Check the id with events.list.`);
        }
        name = `event-${selection.eventId}`;
      } else {
        rows = deps.store.media.inRange(
          { tenantId: scope.tenantId, ...(selection.siteId ? { siteId: selection.siteId } : {}) },
          {
            from: selection.from!,
            to: selection.to!,
            ...(selection.device ? { device: selection.device } : {}),
            ...(selection.label ? { label: selection.label } : {}),
          },
          deps.maxFiles + 1,
        );
        if (rows.length > deps.maxFiles) {
          throw new OutpostError(
            'invalid_input',
            `The range holds more than ${deps.maxFiles} files. Choose a shorter range or one camera.`,
            {
              issues: [{ path: 'to', message: `more than ${deps.maxFiles} files` }],
            },
          );
        }
        name = `media-${new Date(selection.from!).toISOString().slice(0, 10)}-${new Date(selection.to!).toISOString().slice(0, 10)}`;
      }
      const here = rows.filter((r) => r.local);
      const id = ulid();
      const entry: PendingExport = {
        tenantId: scope.tenantId,
        fileName: `${name}.tar`,
        rows: here,
        missing: rows.filter((r) => !r.local),
        by,
        selection,
        createdAt: deps.now(),
        expiresAt: deps.now() + deps.ttlMs,
      };
      pending.set(id, entry);
      return {
        exportId: id,
        fileName: entry.fileName,
        files: here.length,
        bytes: here.reduce((sum, r) => sum + r.size, 0),
        missing: entry.missing.length,
      };
    },

    /** The tar stream of an export; `not_found` once it expired or for another tenant. */
    open(exportId: string, tenantId: string): { fileName: string; stream: Readable } {
      prune();
      const entry = pending.get(exportId);
      if (!entry || entry.tenantId !== tenantId) {
        throw new OutpostError('not_found', 'This export has expired. Export again from the event.');
      }
      const names = new Map<string, number>();
      const files = entry.rows.map((row) => {
        let path = `files/${fileNameOf(row)}`;
        const seen = names.get(path) ?? 0;
        names.set(path, seen + 1);
        if (seen > 0) path = path.replace(/(\.\w+)$/, `-${seen + 1}$1`);
        return { row, path };
      });
      const manifest = {
        format: 'outpost-media-export/1',
        exportedAt: new Date(entry.createdAt).toISOString(),
        exportedBy: entry.by,
        selection: entry.selection,
        files: files.map(({ row, path }) => ({
          path,
          mediaId: row.id,
          eventId: row.eventId,
          siteId: row.siteId,
          kind: row.kind,
          contentType: row.contentType,
          size: row.size,
          sha256: row.sha256,
          capturedAt: new Date(row.capturedAt).toISOString(),
          device: row.device,
          label: row.label,
          meta: row.meta,
        })),
        notIncluded: entry.missing.map((row) => ({
          mediaId: row.id,
          eventId: row.eventId,
          kind: row.kind,
          reason: row.archivedAt !== null ? 'archived (restore it first)' : (row.removedReason ?? 'removed'),
        })),
      };
      const tar = pack();
      const out = new PassThrough();
      tar.pipe(out);
      void (async () => {
        try {
          for (const { row, path } of files) {
            const size = (await deps.blobs.stat(row.sha256))?.size;
            if (size === undefined) throw new Error(`The file of ${row.id} left the disk during the export.`);
            await new Promise<void>((resolve, reject) => {
              const entryStream = tar.entry({ name: path, size, mtime: new Date(row.capturedAt) }, (err) =>
                err ? reject(err) : resolve(),
              );
              const source = deps.blobs.open(row.sha256);
              source.on('error', reject);
              source.pipe(entryStream);
            });
          }
          tar.entry({ name: 'manifest.json' }, `${JSON.stringify(manifest, null, 2)}\n`);
          tar.entry({ name: 'SHA256SUMS' }, files.map(({ row, path }) => `${row.sha256}  ${path}\n`).join(''));
          tar.finalize();
        } catch (err) {
          out.destroy(err as Error);
        }
      })();
      return { fileName: entry.fileName, stream: out };
    },

    /**
     * The export written to a file below `dir` (made once, then reused until its link expires): the
     * desktop app serves downloads from its main process, which cannot take a stream from the Core.
     */
    async spool(
      exportId: string,
      tenantId: string,
      dir: string,
    ): Promise<{ path: string; fileName: string; size: number }> {
      const { fileName, stream } = api.open(exportId, tenantId);
      await mkdir(dir, { recursive: true });
      await pruneSpool(dir);
      const path = join(dir, `${exportId}.tar`);
      const existing = await stat(path).catch(() => null);
      if (existing) {
        stream.destroy();
        return { path, fileName, size: existing.size };
      }
      const partial = `${path}.${process.pid}.part`;
      try {
        await pipeline(stream, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, path);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      return { path, fileName, size: (await stat(path)).size };
    },
  };
  return api;
}

export type Exports = ReturnType<typeof createExports>;
