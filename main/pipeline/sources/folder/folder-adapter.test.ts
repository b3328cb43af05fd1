import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileRoots } from '../file-roots.js';
import type { RunningSource, SourceContext } from '../source-types.js';
import {
  createMemoryBlobs,
  createMemoryCheckpoints,
  createMemoryLogger,
  createMemorySink,
  waitFor,
  type MemorySink,
} from '../testing/in-memory.js';
import { FolderConfigSchema, folderSource, type FolderConfig } from './index.js';

const SCOPE = { tenantId: 't1', siteId: 's1' };
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const MP4_HEAD = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);

const jpeg = (size = 2048): Buffer => Buffer.concat([JPEG_HEAD, randomBytes(size)]);

const folders: string[] = [];
const running: RunningSource[] = [];

afterEach(async () => {
  for (const source of running.splice(0)) await source.stop();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'outpost-drop-'));
  folders.push(folder);
  return folder;
}

interface Harness {
  sink: MemorySink;
  blobs: ReturnType<typeof createMemoryBlobs>;
  rejections: string[];
  /** What the source reported through ctx.fail, and whether it has reported success since. */
  failures: string[];
  degraded: () => boolean;
  source: RunningSource;
}

const checkpoints = createMemoryCheckpoints();
/** The tests' folders live under the temp folder: the only root these sources may read. */
const TEMP_FILES = createFileRoots({ allow: [tmpdir()], deny: [] });

async function startSource(
  config: Partial<FolderConfig> & { path: string },
  sourceId = 'drop',
  sink: MemorySink = createMemorySink(),
  files = TEMP_FILES,
): Promise<Harness> {
  const blobs = createMemoryBlobs();
  const rejections: string[] = [];
  const failures: string[] = [];
  let degraded = false;
  const ctx: SourceContext<FolderConfig> = {
    sourceId,
    scope: SCOPE,
    config: FolderConfigSchema.parse({ stableMs: 200, ...config }),
    sink,
    checkpoint: checkpoints.for(sourceId),
    blobs,
    files,
    logger: createMemoryLogger(),
    signal: new AbortController().signal,
    reject: (reason) => void rejections.push(reason),
    markOk: () => void (degraded = false),
    fail: (reason) => {
      failures.push(reason);
      degraded = true;
    },
  };
  const source = await folderSource.start!(ctx);
  running.push(source);
  return { sink, blobs, rejections, failures, degraded: () => degraded, source };
}

describe('drop folder source on a real folder', () => {
  it('imports a file written in chunks once, after it stopped growing, with its media', async () => {
    const path = await tempFolder();
    const { sink, blobs } = await startSource({ path, stableMs: 1500 });
    const file = join(path, 'gate_0001.jpg');
    const content = jpeg(64 * 1024);
    const chunks = 8;
    const step = Math.ceil(content.length / chunks);
    for (let i = 0; i < chunks; i++) {
      await appendFile(file, content.subarray(i * step, (i + 1) * step));
      // Still growing: nothing may have been imported yet.
      expect(sink.events).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => sink.events.length === 1, 'the uploaded snapshot');
    // A later upload is imported after it; the first file must still have exactly one event.
    await writeFile(join(path, 'gate_0002.jpg'), jpeg());
    await waitFor(() => sink.events.length === 2, 'the second snapshot');

    const first = sink.events.map((e) => e.event).filter((e) => e.attributes?.file === 'gate_0001.jpg');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'detection', message: 'snapshot from drop folder: gate_0001.jpg' });
    const media = first[0]!.media![0]!;
    expect(media).toMatchObject({ kind: 'snapshot', contentType: 'image/jpeg', size: content.length });
    expect(blobs.stored.get(media.sha256)?.equals(content)).toBe(true);
  });

  it('rejects files whose content is not media, ignores other extensions, and keeps importing', async () => {
    const path = await tempFolder();
    const { sink, rejections } = await startSource({ path });
    await writeFile(join(path, 'notes.jpg'), 'this is not a picture');
    await writeFile(join(path, 'readme.txt'), 'left alone');
    await writeFile(join(path, 'clip.mp4'), Buffer.concat([MP4_HEAD, randomBytes(4096)]));
    await waitFor(() => sink.events.length === 1 && rejections.length === 1, 'the clip and one rejection');

    expect(rejections[0]).toMatch(/notes\.jpg is not a JPEG, PNG or MP4/);
    expect(sink.events[0]!.event).toMatchObject({ message: 'clip from drop folder: clip.mp4' });
    expect(sink.events[0]!.event.media![0]).toMatchObject({ kind: 'clip', contentType: 'video/mp4' });
  });

  it('does not import a file that is a link out of the allowed folders', async () => {
    const path = await tempFolder();
    const elsewhere = await tempFolder();
    await writeFile(join(elsewhere, 'private.jpg'), jpeg());
    const onlyThisFolder = createFileRoots({ allow: [path], deny: [] });
    const { sink, rejections } = await startSource({ path }, 'links', createMemorySink(), onlyThisFolder);
    await symlink(join(elsewhere, 'private.jpg'), join(path, 'cam1.jpg'));
    await writeFile(join(path, 'cam2.jpg'), jpeg());
    await waitFor(() => sink.events.length === 1 && rejections.length === 1, 'one import and one refusal');
    expect(sink.events[0]!.event.attributes?.file).toBe('cam2.jpg');
    expect(rejections[0]).toMatch(/cam1\.jpg was not imported: .* is outside the folders/);
  });

  it('does not import a file again after a restart', async () => {
    const path = await tempFolder();
    await writeFile(join(path, 'before.png'), Buffer.concat([PNG_HEAD, randomBytes(512)]));
    const first = await startSource({ path }, 'restart');
    await waitFor(() => first.sink.events.length === 1, 'the file present at start');
    await first.source.stop();

    const second = await startSource({ path }, 'restart');
    await writeFile(join(path, 'after.png'), Buffer.concat([PNG_HEAD, randomBytes(512)]));
    await waitFor(() => second.sink.events.length === 1, 'the file added after the restart');
    expect(second.sink.events.map((e) => e.event.attributes?.file)).toEqual(['after.png']);
  });

  it('names the device after the camera folder, or the file name prefix', async () => {
    const path = await tempFolder();
    await mkdir(join(path, 'loading-dock', '2024-05-01'), { recursive: true });
    const { sink } = await startSource({ path });
    await writeFile(join(path, 'loading-dock', '2024-05-01', 'img001.jpg'), jpeg());
    await waitFor(() => sink.events.length === 1, 'the snapshot in a subfolder');
    expect(sink.events[0]!.event).toMatchObject({
      device: 'loading-dock',
      message: 'snapshot from loading-dock: img001.jpg',
    });

    const flat = await tempFolder();
    const byName = await startSource({ path: flat, deviceFrom: 'filename-prefix' }, 'by-name');
    await writeFile(join(flat, 'gate-20240501120000.jpg'), jpeg());
    await waitFor(() => byName.sink.events.length === 1, 'the prefixed snapshot');
    expect(byName.sink.events[0]!.event.device).toBe('gate');
  });

  it('deletes imported files when asked to', async () => {
    const path = await tempFolder();
    const { sink } = await startSource({ path, deleteAfterImport: true }, 'deleting');
    const file = join(path, 'one.jpg');
    await writeFile(file, jpeg());
    await waitFor(() => sink.events.length === 1 && !existsSync(file), 'the import and the delete');
  });

  it('reports a store failure naming the file, clears it on the next import, and retries the file on restart', async () => {
    const path = await tempFolder();
    const sink = createMemorySink();
    const store = sink.ingest.bind(sink);
    let refuse = true;
    sink.ingest = (scope, sourceId, events) =>
      refuse ? Promise.reject(new Error('database is locked')) : store(scope, sourceId, events);
    const first = await startSource({ path }, 'store-fails', sink);
    await writeFile(join(path, 'door.jpg'), jpeg());
    await waitFor(() => first.failures.length === 1, 'the failed import reported');
    expect(first.failures[0]).toMatch(/^Could not import door\.jpg: database is locked\. It is imported when/);
    expect(first.degraded()).toBe(true);

    refuse = false;
    await writeFile(join(path, 'door2.jpg'), jpeg());
    await waitFor(() => sink.events.length === 1, 'the next file imported');
    expect(first.degraded()).toBe(false);
    await first.source.stop();

    const second = await startSource({ path }, 'store-fails');
    await waitFor(() => second.sink.events.length === 1, 'the failed file imported after the restart');
    expect(second.sink.events[0]!.event.attributes?.file).toBe('door.jpg');
    expect(second.failures).toEqual([]);
  });

  it('reports the watched folder disappearing, and watches it again once it is back', async () => {
    const parent = await tempFolder();
    const path = join(parent, 'uploads');
    await mkdir(path);
    const harness = await startSource({ path }, 'vanishing');
    await rm(path, { recursive: true });
    await waitFor(() => harness.degraded(), 'the vanished folder reported');
    expect(harness.failures).toContainEqual(expect.stringContaining(`The drop folder ${path} disappeared`));

    await mkdir(path);
    await waitFor(() => !harness.degraded(), 'ok once the folder is back');
    await writeFile(join(path, 'after-remount.jpg'), jpeg());
    await waitFor(() => harness.sink.events.length === 1, 'a file in the recreated folder');
    expect(harness.sink.events[0]!.event.attributes?.file).toBe('after-remount.jpg');
  });

  it('explains a missing folder in start() and test()', async () => {
    const missing = join(await tempFolder(), 'nope');
    const result = await folderSource.test(FolderConfigSchema.parse({ path: missing }), { files: TEMP_FILES });
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/does not exist: create it or fix config\.path/),
    });
    await expect(startSource({ path: missing }, 'missing')).rejects.toThrow(/does not exist/);
    expect(
      (await folderSource.test(FolderConfigSchema.parse({ path: await tempFolder() }), { files: TEMP_FILES })).ok,
    ).toBe(true);
  });
});
