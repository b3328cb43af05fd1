import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAccessError, createFileRoots, type FileRefusal, type FileRoots } from './file-roots.js';

let top: string;
let root: string;
let outside: string;
let dataDir: string;
let files: FileRoots;

beforeEach(async () => {
  top = await mkdtemp(join(tmpdir(), 'outpost-roots-'));
  root = join(top, 'logs');
  outside = join(top, 'elsewhere');
  // The data folder sits inside the allowed root: it must stay unreadable anyway.
  dataDir = join(root, 'outpost-data');
  for (const folder of [root, outside, join(dataDir, 'keys')]) await mkdir(folder, { recursive: true });
  await writeFile(join(root, 'app.log'), 'INFO fine\n');
  await writeFile(join(outside, 'secret.txt'), 'password=hunter2\n');
  await writeFile(join(dataDir, 'keys', 'session.key'), 'k'.repeat(32));
  files = createFileRoots({ allow: [root], deny: [dataDir] });
});

afterEach(async () => {
  await rm(top, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<FileRefusal> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FileAccessError) return err.reason;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('file roots', () => {
  it('opens a file below a root and refuses one outside it, existing or not, alike', async () => {
    const handle = await files.open(join(root, 'app.log'));
    expect((await handle.readFile('utf8')).trim()).toBe('INFO fine');
    await handle.close();
    expect(await refusal(files.open(join(outside, 'secret.txt')))).toBe('outside');
    expect(await refusal(files.open(join(outside, 'no-such-file')))).toBe('outside');
    expect(await refusal(files.open('/etc/passwd'))).toBe('outside');
    expect(await refusal(files.open(join(root, '..', 'elsewhere', 'secret.txt')))).toBe('outside');
  });

  it('says why a path below a root cannot be read, without anything about the file', async () => {
    expect(await refusal(files.open(join(root, 'missing.log')))).toBe('not-found');
    expect(await refusal(files.open(root))).toBe('wrong-kind');
    expect(await refusal(files.resolve(join(root, 'app.log'), 'folder'))).toBe('wrong-kind');
    const err = (await files.open(join(outside, 'secret.txt')).catch((e: unknown) => e)) as FileAccessError;
    expect(err.message).toMatch(/outside the folders this installation lets sources read/);
    expect(err.message).not.toMatch(/\d+ bytes|hunter2/);
  });

  it('refuses a symlink out of a root, and a root-relative path through a linked folder', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'innocent.log'));
    await symlink(outside, join(root, 'linked-folder'));
    expect(await refusal(files.open(join(root, 'innocent.log')))).toBe('outside');
    expect(await refusal(files.open(join(root, 'linked-folder', 'secret.txt')))).toBe('outside');
    expect(await refusal(files.resolve(join(root, 'linked-folder'), 'folder'))).toBe('outside');
  });

  it('follows a symlink that stays inside a root, and accepts a root that is itself a link', async () => {
    await symlink(join(root, 'app.log'), join(root, 'current.log'));
    await (await files.open(join(root, 'current.log'))).close();
    const linkedRoot = join(top, 'logs-link');
    await symlink(root, linkedRoot);
    const viaLink = createFileRoots({ allow: [linkedRoot], deny: [] });
    await (await viaLink.open(join(root, 'app.log'))).close();
    await (await viaLink.open(join(linkedRoot, 'app.log'))).close();
  });

  it('never opens the data folder, even though a root contains it', async () => {
    expect(await refusal(files.open(join(dataDir, 'keys', 'session.key')))).toBe('outside');
    expect(await refusal(files.resolve(dataDir, 'folder'))).toBe('outside');
    await symlink(join(dataDir, 'keys', 'session.key'), join(root, 'key.log'));
    expect(await refusal(files.open(join(root, 'key.log')))).toBe('outside');
  });

  it('checks the opened file again: a file swapped for a link after it was checked is refused', async () => {
    const path = join(root, 'rotating.log');
    await writeFile(path, 'INFO one\n');
    expect(await files.resolve(path, 'file')).toBe(path);
    // The check passed; now someone puts a link to the secret where the log was.
    await rename(path, `${path}.1`);
    await symlink(join(outside, 'secret.txt'), path);
    expect(await refusal(files.open(path))).toBe('outside');
  });

  it.skipIf(process.platform !== 'linux')('refuses the kernel pseudo-files and a FIFO without blocking', async () => {
    const everything = createFileRoots({ allow: ['/'], deny: [] });
    expect(await refusal(everything.open('/proc/self/environ'))).toBe('outside');
    expect(await refusal(everything.open('/dev/zero'))).toBe('outside');
    const fifo = join(root, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(files.open(fifo))).toBe('wrong-kind');
  });

  it('reads nothing at all without roots', async () => {
    const none = createFileRoots({ allow: [], deny: [] });
    expect(await refusal(none.open(join(root, 'app.log')))).toBe('outside');
  });
});
