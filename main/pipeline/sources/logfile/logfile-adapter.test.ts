import { appendFile, copyFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawEvent } from '../../event-types.js';
import { parseSourceConfig } from '../source-config.js';
import { createFileRoots } from '../file-roots.js';
import type { Checkpoint, SourceContext } from '../source-types.js';
import {
  createMemoryBlobs,
  createMemoryCheckpoints,
  createMemoryLogger,
  createMemorySink,
} from '../testing/in-memory.js';
import { LogfileConfigSchema, logfileSource, type LogfileConfig } from './index.js';

const folders: string[] = [];
/** The tests' files live under the temp folder: the only root these sources may read. */
const TEMP_FILES = createFileRoots({ allow: [tmpdir()], deny: [] });
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function logFile(initial = ''): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'outpost-tail-'));
  folders.push(folder);
  const path = join(folder, 'app.log');
  await writeFile(path, initial);
  return path;
}

interface Tail {
  events: RawEvent[];
  rejections: string[];
  /** One supervisor cycle. */
  poll(budget?: number): Promise<{ count: number; more: boolean }>;
  /** Polls as the supervisor would until the file has nothing more to give. */
  settle(): Promise<string[]>;
}

function tail(config: Partial<LogfileConfig> & { path: string }, checkpoint?: Checkpoint): Tail {
  const sink = createMemorySink();
  const rejections: string[] = [];
  const ctx: SourceContext<LogfileConfig> = {
    sourceId: 'log',
    scope: { tenantId: 't1', siteId: 's1' },
    config: LogfileConfigSchema.parse(config),
    sink,
    checkpoint: checkpoint ?? createMemoryCheckpoints().for('log'),
    blobs: createMemoryBlobs(),
    files: TEMP_FILES,
    logger: createMemoryLogger(),
    signal: new AbortController().signal,
    reject: (reason) => void rejections.push(reason),
    markOk: () => undefined,
    fail: () => undefined,
  };
  const events = (): RawEvent[] => sink.events.map((e) => e.event);
  const self: Tail = {
    get events() {
      return events();
    },
    rejections,
    poll: (budget = 100) => logfileSource.poll!(ctx, budget),
    async settle() {
      const before = events().length;
      // The last record counts as complete when a poll sees the file unchanged since the poll
      // before, so two empty polls in a row mean nothing is left. Bounded so a bug cannot hang.
      let empty = 0;
      for (let i = 0; i < 50; i++) {
        const { count, more } = await self.poll();
        empty = count === 0 && !more ? empty + 1 : 0;
        if (empty === 2)
          return events()
            .slice(before)
            .map((e) => e.message);
      }
      throw new Error('the tail never settled');
    },
  };
  return self;
}

describe('log file tail on real files', () => {
  it('follows appended lines from the end, guessing severity from level words', async () => {
    const path = await logFile('2024-05-01 INFO old line, written before the source started\n');
    const t = tail({ path });
    expect(await t.settle()).toEqual([]);
    await appendFile(path, '2024-05-01 12:00:00 ERROR disk /data is full\n2024-05-01 12:00:01 [WARN] retrying\n');
    expect(await t.settle()).toEqual([
      '2024-05-01 12:00:00 ERROR disk /data is full',
      '2024-05-01 12:00:01 [WARN] retrying',
    ]);
    expect(t.events.map((e) => e.severity)).toEqual(['error', 'warning']);
    await appendFile(path, 'level=debug msg="cache warm"\n');
    expect(await t.settle()).toEqual(['level=debug msg="cache warm"']);
    expect(t.events.at(-1)?.severity).toBe('debug');
  });

  it('finishes a file rotated by rename, then reads the new file from its start', async () => {
    const path = await logFile();
    const t = tail({ path });
    await t.settle();
    await appendFile(path, 'INFO one\n');
    expect(await t.settle()).toEqual(['INFO one']);
    // Written, then rotated before the next poll: these lines exist only in the renamed file.
    await appendFile(path, 'INFO two\nINFO three\n');
    await rename(path, `${path}.1`);
    await writeFile(path, 'INFO four\n');
    expect(await t.settle()).toEqual(['INFO two', 'INFO three', 'INFO four']);
    await appendFile(path, 'INFO five\n');
    expect(await t.settle()).toEqual(['INFO five']);
  });

  it('starts over when the file is truncated in place (copytruncate)', async () => {
    const path = await logFile();
    const t = tail({ path });
    await t.settle();
    await appendFile(path, 'INFO a fairly long line before the rotation\nINFO another long line before it\n');
    expect(await t.settle()).toHaveLength(2);
    await copyFile(path, `${path}.1`);
    await truncate(path, 0);
    await appendFile(path, 'INFO after\n');
    expect(await t.settle()).toEqual(['INFO after']);
  });

  it('resumes after a restart from the checkpoint, losing and repeating nothing', async () => {
    const path = await logFile();
    const checkpoints = createMemoryCheckpoints();
    const lines = Array.from({ length: 7 }, (_, i) => `INFO line ${i + 1}`);
    const first = tail({ path, fromStart: true }, checkpoints.for('log'));
    await appendFile(path, lines.slice(0, 5).join('\n') + '\n');
    expect(await first.poll(2)).toEqual({ count: 2, more: true });
    expect(await first.poll(2)).toEqual({ count: 2, more: true });

    // "Restart": a new source over the same checkpoint; the file grew meanwhile.
    await appendFile(path, lines.slice(5).join('\n') + '\n');
    const second = tail({ path, fromStart: true }, checkpoints.for('log'));
    await second.settle();
    expect([...first.events, ...second.events].map((e) => e.message)).toEqual(lines);
  });

  it('joins a Java and a Python stack trace into one event each', async () => {
    const path = await logFile();
    const t = tail({ path });
    await t.settle();
    const java = [
      '2024-05-01 12:00:00,123 ERROR [main] c.o.Importer - import failed',
      'java.lang.IllegalStateException: cannot open batch',
      '\tat com.outpost.Importer.run(Importer.java:42)',
      '\tat java.base/java.lang.Thread.run(Thread.java:833)',
      'Caused by: java.io.IOException: No space left on device',
      '\tat com.outpost.Disk.write(Disk.java:7)',
      '\t... 2 more',
    ];
    const python = [
      '2024-05-01 12:00:01,000 ERROR worker crashed',
      'Traceback (most recent call last):',
      '  File "/srv/worker.py", line 12, in <module>',
      '    main()',
      '  File "/srv/worker.py", line 8, in main',
      "    raise ValueError('bad frame')",
      'ValueError: bad frame',
    ];
    await appendFile(path, [...java, ...python, '2024-05-01 12:00:02,000 INFO recovered', ''].join('\n'));
    expect(await t.settle()).toEqual([java.join('\n'), python.join('\n'), '2024-05-01 12:00:02,000 INFO recovered']);
    expect(t.events.map((e) => [e.kind, e.severity])).toEqual([
      ['error', 'error'],
      ['error', 'error'],
      ['log', 'info'],
    ]);
  });

  it('waits for the newline of a partly written line', async () => {
    const path = await logFile();
    const t = tail({ path });
    await t.settle();
    await appendFile(path, 'WARN battery at 1');
    expect(await t.settle()).toEqual([]);
    await appendFile(path, '5%\n');
    expect(await t.settle()).toEqual(['WARN battery at 15%']);
  });

  it('hands over at most the budget per poll and cuts runaway lines', async () => {
    const path = await logFile();
    const t = tail({ path, fromStart: true, maxLineBytes: 256, multiline: { maxLines: 1 } });
    await appendFile(path, `${Array.from({ length: 10 }, (_, i) => `INFO ${i}`).join('\n')}\n${'x'.repeat(600)}\n`);
    expect(await t.poll(3)).toEqual({ count: 3, more: true });
    await t.settle();
    expect(t.events).toHaveLength(13);
    expect(t.events.slice(10).map((e) => e.message.length)).toEqual([256, 256, 88]);
  });

  it('explains a missing file in poll() and test()', async () => {
    const path = join(await logFile(), '..', 'missing.log');
    await expect(tail({ path }).poll()).rejects.toThrow(/does not exist: check config\.path/);
    const result = await logfileSource.test(LogfileConfigSchema.parse({ path }), { files: TEMP_FILES });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/missing\.log does not exist/);
    const readable = await logfileSource.test(LogfileConfigSchema.parse({ path: await logFile('x\n') }), {
      files: TEMP_FILES,
    });
    expect(readable).toEqual({ ok: true, message: expect.stringMatching(/^Readable: .*app\.log; it will be read/) });
  });

  it('runs the record-start pattern on the linear-time engine and refuses what it cannot run', async () => {
    // `^(\w+\s?)*$` backtracks exponentially on a long line ending in a symbol; here it is one pass per line.
    const long = `${'word '.repeat(5_000)}!`;
    const path = await logFile(`start one\n${long}\nstart two\n`);
    const t = tail({ path, fromStart: true, multiline: { startPattern: '^(\\w+\\s?)*$', maxLines: 200 } });
    expect(await t.settle()).toEqual([`start one\n${long}`, 'start two']);

    expect(() => parseSourceConfig('logfile', { path, multiline: { startPattern: '^(?=\\[)' } })).toThrow(
      /config\.multiline\.startPattern: The pattern uses lookahead or lookbehind/u,
    );
  });
});
