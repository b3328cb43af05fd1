import { constants } from 'node:fs';
import { access, realpath, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { RawEvent } from '../../event-types.js';
import { FileAccessError, NO_FILES, isInside } from '../file-roots.js';
import type { RunningSource, SourceAdapter, SourceContext, SourceTestEnv } from '../source-types.js';
import { deviceOf } from './file-device.js';
import { FolderConfigSchema, type FolderConfig } from './folder-config.js';
import { ImportedFiles, fileKey } from './imported-files.js';
import { SNIFF_BYTES, sniffMedia } from './media-sniff.js';
import { watchRootPresence } from './root-presence.js';

/** Camera date folders (`cam/2024/05/01/12/`) go a few levels deep; runaway trees do not. */
const MAX_DEPTH = 8;
const EARLIEST_PLAUSIBLE = Date.UTC(2000, 0, 1);
/** How often the watched folder's existence is checked (chokidar does not report it reliably). */
const ROOT_CHECK_MS = 2000;

async function start(ctx: SourceContext<FolderConfig>): Promise<RunningSource> {
  const { config, logger, sourceId } = ctx;
  // The folder's real location, below the admin's roots; every file is checked again when opened.
  const root = await requireFolder(ctx, config.path);
  const imported = new ImportedFiles(ctx.checkpoint);
  const wanted = new Set(config.extensions);

  let stopping = false;

  // One file at a time, in the order they settled: imports never race each other on the checkpoint.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (path: string): void => {
    queue = queue.then(() =>
      importFile(ctx, imported, root, path).catch((err: unknown) => {
        logger.error({ sourceId, file: path, error: String(err) }, 'drop folder file could not be imported');
        // Not remembered as imported: the initial scan of the next start picks the file up again.
        ctx.fail(
          `Could not import ${relative(root, path)}: ${describe(err)}. ` +
            'It is imported when the source starts again (disable and enable it once the cause is fixed).',
        );
      }),
    );
  };

  const openWatcher = async (): Promise<FSWatcher> => {
    const next = watch(root, {
      ignoreInitial: false,
      followSymlinks: false,
      depth: MAX_DEPTH,
      // Only decide on files: a folder must be entered whatever its name.
      ignored: (path, stats) => stats?.isFile() === true && !wanted.has(extname(path).slice(1).toLowerCase()),
      awaitWriteFinish: { stabilityThreshold: config.stableMs, pollInterval: Math.min(100, config.stableMs / 2) },
    });
    next.on('add', enqueue);
    next.on('change', enqueue);
    next.on('error', (err) => {
      logger.warn({ sourceId, error: String(err) }, 'drop folder watch error');
      ctx.fail(`Watching ${config.path} failed: ${describe(err)}. Check that the folder exists and is readable.`);
    });
    await new Promise<void>((done) => next.once('ready', done));
    return next;
  };

  let watcher = await openWatcher();
  const presence = watchRootPresence(root, ROOT_CHECK_MS, {
    lost() {
      logger.warn({ sourceId, path: config.path }, 'drop folder disappeared');
      ctx.fail(
        `The drop folder ${config.path} disappeared (deleted, renamed or unmounted). ` +
          'Recreate or remount it; Outpost watches it again as soon as it is back.',
      );
    },
    async back() {
      if (stopping) return true;
      try {
        // Closed first: chokidar shares one fs.watch per path between its watchers, and the old
        // one still holds the handle on the vanished folder.
        await watcher.close();
        const next = await openWatcher();
        // Stopped while the new watcher was starting: stop() closed only the old one.
        if (stopping) {
          await next.close();
          return true;
        }
        watcher = next;
        reportRootGone(next);
      } catch (err) {
        logger.warn({ sourceId, error: String(err) }, 'drop folder is back but cannot be watched');
        return false;
      }
      logger.info({ sourceId, path: config.path }, 'drop folder is back and watched again');
      ctx.markOk();
      return true;
    },
  });
  // Sooner than the periodic check where chokidar does notice (a folder that had subfolders).
  const reportRootGone = (w: FSWatcher): void => {
    w.on('unlinkDir', (path) => {
      if (resolve(path) === root) presence.markLost();
    });
  };
  reportRootGone(watcher);
  ctx.markOk();
  logger.info({ sourceId, path: config.path }, 'drop folder watched');

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      presence.stop();
      await watcher.close();
      await queue;
    })());
  ctx.signal.addEventListener('abort', () => void stop(), { once: true });
  return { stop };
}

async function importFile(
  ctx: SourceContext<FolderConfig>,
  imported: ImportedFiles,
  root: string,
  path: string,
): Promise<void> {
  const { config } = ctx;
  if (ctx.signal.aborted) return;
  const rel = relative(root, path);
  let handle: FileHandle;
  try {
    // Through the roots: a link dropped into the folder cannot make Outpost read what it points at.
    handle = await ctx.files.open(path);
  } catch (err) {
    if (!(err instanceof FileAccessError)) throw err;
    // Gone already (moved by the FTP server, deleted by hand), or a folder: nothing to import.
    if (err.reason === 'not-found' || err.reason === 'wrong-kind') return;
    ctx.reject(`${rel} was not imported: ${err.message}`);
    return;
  }
  let streaming = false;
  try {
    const info = await handle.stat();
    const key = fileKey(rel, info.size, info.mtimeMs);
    if (imported.seen(key)) {
      // Imported before a crash that came before the delete.
      if (config.deleteAfterImport) await removeImported(ctx, imported, root, path, key);
      return;
    }
    const refuse = (reason: string): void => {
      ctx.reject(reason);
      imported.remember(key);
      imported.save();
    };
    if (info.size > config.maxBytes) {
      refuse(`${rel} is ${info.size} bytes, larger than maxBytes (${config.maxBytes}); raise the limit or skip it.`);
      return;
    }
    const media = sniffMedia(await readHead(handle));
    if (!media) {
      refuse(`${rel} is not a JPEG, PNG or MP4 file (its content does not match); it was not imported.`);
      return;
    }

    streaming = true;
    // The stream owns the handle from here and closes it when it ends or fails.
    const ref = await ctx.blobs.put(handle.createReadStream({ start: 0 }), media.contentType, media.kind);
    const device = deviceOf(rel, config.deviceFrom);
    const name = basename(rel);
    const event: RawEvent = {
      // The same file imported twice (a crash before the checkpoint) is the same event.
      externalId: `file:${key}`,
      message: `${media.kind} from ${device ?? 'drop folder'}: ${name}`,
      kind: 'detection',
      attributes: { file: rel, size: info.size },
      media: [ref],
    };
    if (device) event.device = device;
    // A camera's clock may be unset (1970) or far ahead; then the receive time is the better guess.
    if (info.mtimeMs >= EARLIEST_PLAUSIBLE && info.mtimeMs <= Date.now()) event.time = Math.trunc(info.mtimeMs);
    await ctx.sink.ingest(ctx.scope, ctx.sourceId, [event]);
    imported.remember(key);
    imported.save();
    ctx.markOk();
    if (config.deleteAfterImport) await removeImported(ctx, imported, root, path, key);
  } finally {
    if (!streaming) await handle.close();
  }
}

async function removeImported(
  ctx: SourceContext<FolderConfig>,
  imported: ImportedFiles,
  root: string,
  path: string,
  key: string,
): Promise<void> {
  try {
    // Only inside the watched folder: a subfolder swapped for a link must not lead out of it.
    if (!isInside(await realpath(dirname(path)), root)) return;
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    ctx.logger.warn({ sourceId: ctx.sourceId, file: path, error: String(err) }, 'imported file could not be deleted');
    return;
  }
  // Deleted: nothing left to recognise, so the checkpoint stays small.
  imported.forget(key);
  imported.save();
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

async function readHead(handle: FileHandle): Promise<Buffer> {
  const head = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
  return head.subarray(0, bytesRead);
}

/** The folder's real path below the roots, or an error saying why it cannot be watched. */
async function requireFolder(ctx: Pick<SourceContext<FolderConfig>, 'files'>, path: string): Promise<string> {
  try {
    return await ctx.files.resolve(path, 'folder');
  } catch (err) {
    if (err instanceof FileAccessError && err.reason === 'not-found') {
      throw new Error(`The drop folder ${path} does not exist: create it or fix config.path.`, { cause: err });
    }
    if (err instanceof FileAccessError && err.reason === 'wrong-kind') {
      throw new Error(`${path} is not a folder: set config.path to the upload folder.`, { cause: err });
    }
    throw err;
  }
}

/** Only "ready" or why not: never what the folder holds. */
async function test(config: FolderConfig, env?: SourceTestEnv): Promise<{ ok: boolean; message: string }> {
  try {
    const real = await requireFolder({ files: env?.files ?? NO_FILES }, config.path);
    // Deleting imported files needs write access to the folder, reading needs read and enter.
    const mode = constants.R_OK | constants.X_OK | (config.deleteAfterImport ? constants.W_OK : 0);
    await access(real, mode).catch(() => {
      throw new Error(
        `Outpost may not ${config.deleteAfterImport ? 'read and delete files in' : 'read'} ${config.path}: ` +
          'fix the folder permissions.',
      );
    });
    return { ok: true, message: `Ready to watch ${config.path}.` };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export const folderSource: SourceAdapter<FolderConfig> = {
  kind: 'folder',
  readsFiles: true,
  configSchema: FolderConfigSchema,
  start,
  test,
};
