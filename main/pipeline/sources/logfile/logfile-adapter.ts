import type { RawEvent } from '../../event-types.js';
import { normalizeEvent } from '../../stages/index.js';
import { FileAccessError, NO_FILES } from '../file-roots.js';
import type { SourceAdapter, SourceContext, SourceTestEnv } from '../source-types.js';
import { readLines } from './line-reader.js';
import { recordEvent } from './log-events.js';
import {
  fileState,
  findRotated,
  loadPosition,
  savePosition,
  type FileState,
  type LogPosition,
} from './log-position.js';
import { LogfileConfigSchema, type LogfileConfig } from './logfile-config.js';
import { RecordJoiner, type LogRecord } from './record-joiner.js';
import { compileLinearRegex } from '../../../../native/regex/index.js';

/*
 * The tail is written by hand with fs: the tail libraries on npm follow a path with fs.watch and
 * keep no position, so none resumes from a checkpoint after a restart or finds the rest of a file
 * that was rotated while Outpost was closed. Here each poll stats the path and compares the inode
 * and size with the checkpoint:
 *   same inode, size ≥ offset  → read on from the offset;
 *   same inode, size < offset  → truncated in place (copytruncate): read from 0;
 *   another inode              → rotated by rename: finish the old file (found by its inode in the
 *                                same folder) to its end, then read the new one from 0.
 * The checkpoint moves only after the batch's events are committed, so a restart resumes exactly.
 */

type ReadMode =
  /** The writer may still be adding to the last record: hold it back. */
  | 'growing'
  /** The size did not change since the last poll: the last record is complete. */
  | 'quiet'
  /** A rotated file nobody writes to: everything, even a last line without newline. */
  | 'drain';

async function poll(ctx: SourceContext<LogfileConfig>, budget: number): Promise<{ count: number; more: boolean }> {
  const { config, checkpoint, logger, sourceId } = ctx;
  let position = loadPosition(checkpoint);
  // Checked on every poll: the roots may have changed since the last start, or the path become a link.
  const path = await allowedPath(ctx);
  const current = path === undefined ? undefined : await fileState(path);
  let count = 0;

  if (!position) {
    if (!current) throw missingFile(config.path);
    position = { ino: current.ino, offset: config.fromStart ? 0 : current.size };
    savePosition(checkpoint, position);
  }

  if (current?.ino !== position.ino) {
    // Rotation renames in the folder where the file really is (config.path may be a link to it).
    const rotated = await findRotated(path ?? config.path, position.ino);
    if (rotated && rotated.size > position.offset) {
      const drained = await readBatch(ctx, rotated, position.offset, budget, 'drain');
      count += drained.count;
      if (drained.more) return { count, more: true };
    }
    if (!current) {
      // Rotated, and the writer has not created the new file yet: wait for it.
      if (rotated) return { count, more: false };
      throw missingFile(config.path);
    }
    if (!rotated) {
      logger.warn(
        { sourceId, path: config.path },
        'log file was replaced and the old one is gone; reading the new one from its start',
      );
    }
    position = { ino: current.ino, offset: 0 };
    savePosition(checkpoint, position);
  } else if (current.size < position.offset) {
    logger.info({ sourceId, path: config.path, size: current.size, offset: position.offset }, 'log file truncated');
    position = { ino: current.ino, offset: 0 };
    savePosition(checkpoint, position);
  }

  const mode: ReadMode = quiet(position, current) ? 'quiet' : 'growing';
  const result = await readBatch(ctx, current, position.offset, Math.max(budget - count, 1), mode);
  return { count: count + result.count, more: result.more };
}

function quiet(position: LogPosition, file: FileState): boolean {
  return position.seenSize === file.size;
}

async function readBatch(
  ctx: SourceContext<LogfileConfig>,
  file: FileState,
  from: number,
  budget: number,
  mode: ReadMode,
): Promise<{ count: number; more: boolean }> {
  const { config } = ctx;
  const records: LogRecord[] = [];
  let more = false;
  // Opened through the roots (a rotated file too): a link put in its place cannot lead outside them.
  const handle = await ctx.files.open(file.path);
  try {
    const { startPattern, maxLines } = config.multiline;
    const joiner = new RecordJoiner({
      maxLines,
      ...(startPattern ? { startPattern: compileLinearRegex(startPattern) } : {}),
    });
    for await (const line of readLines(handle, from, file.size, config.maxLineBytes, mode === 'drain')) {
      const done = joiner.push(line);
      if (done) records.push(done);
      if (records.length >= budget) {
        more = true;
        break;
      }
    }
    const last = more || mode === 'growing' ? undefined : joiner.flush();
    if (last) records.push(last);
  } finally {
    await handle.close();
  }

  const events = toEvents(ctx, records, file.path);
  if (events.length > 0) await ctx.sink.ingest(ctx.scope, ctx.sourceId, events);
  const next = records.at(-1)?.end ?? from;
  savePosition(ctx.checkpoint, { ino: file.ino, offset: next, seenSize: file.size });
  if (events.length > 0) ctx.markOk();
  return { count: events.length, more };
}

/** Checked one by one with the pipeline's normaliser, so one bad record is rejected alone. */
function toEvents(ctx: SourceContext<LogfileConfig>, records: LogRecord[], path: string): RawEvent[] {
  const events: RawEvent[] = [];
  const now = Date.now();
  for (const record of records) {
    const event = recordEvent(record, path);
    if (!event) continue;
    try {
      normalizeEvent(event, now);
      events.push(event);
    } catch (err) {
      ctx.reject(`${path} at byte ${record.start}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return events;
}

function missingFile(path: string): Error {
  return new Error(`The log file ${path} does not exist: check config.path, or start the program that writes it.`);
}

/**
 * The real path of the log file when the roots allow it; undefined while it is missing (between a
 * rotation and the new file, or before the program first writes it). Other refusals stop the poll
 * with their reason, which the source's health shows.
 */
async function allowedPath(ctx: SourceContext<LogfileConfig>): Promise<string | undefined> {
  try {
    return await ctx.files.resolve(ctx.config.path, 'file');
  } catch (err) {
    if (err instanceof FileAccessError && err.reason === 'not-found') return undefined;
    throw err;
  }
}

/** Only "readable" or why not: never the size or anything else of the file. */
async function test(config: LogfileConfig, env?: SourceTestEnv): Promise<{ ok: boolean; message: string }> {
  const files = env?.files ?? NO_FILES;
  try {
    const handle = await files.open(config.path);
    await handle.close();
  } catch (err) {
    if (err instanceof FileAccessError) {
      return { ok: false, message: err.reason === 'not-found' ? missingFile(config.path).message : err.message };
    }
    throw err;
  }
  const from = config.fromStart ? 'from its start' : 'from the next line written';
  return { ok: true, message: `Readable: ${config.path}; it will be read ${from}.` };
}

export const logfileSource: SourceAdapter<LogfileConfig> = {
  kind: 'logfile',
  readsFiles: true,
  configSchema: LogfileConfigSchema,
  poll,
  pollIntervalMs: (config) => config.pollIntervalMs,
  test,
};
