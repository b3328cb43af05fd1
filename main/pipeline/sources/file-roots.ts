import { constants } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/*
 * Where file-reading sources (log files, drop folders) may read: only below the folders an admin
 * allowed outside the API (`files.allowRead` in the config file, `outpost serve --allow-read DIR`),
 * and never in Outpost's own data folder (database, keys, backups, blobs) nor the kernel's pseudo
 * files, whatever the roots say. A path is judged by where it really is: `..` is resolved, then
 * every symlink (realpath), and once more on the open file itself, so a link swapped in after the
 * check, or a rotated file replaced by a link, cannot lead out. Written by hand because the check
 * is Outpost's own policy; fs and path do the work.
 */

export type FileRefusal = 'outside' | 'not-found' | 'no-permission' | 'wrong-kind';

/** A refusal a user may see: the reason code and a message that never tells anything beyond the roots. */
export class FileAccessError extends Error {
  constructor(
    readonly reason: FileRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'FileAccessError';
  }
}

export type FileKind = 'file' | 'folder';

export interface FileRoots {
  /** The allowed folders as configured (for logs and messages to admins). */
  readonly allowed: readonly string[];
  /**
   * The real location of `path` when a source may use it as `kind`; throws FileAccessError
   * otherwise. A path outside the roots is refused before the file system is asked anything.
   */
  resolve(path: string, kind: FileKind): Promise<string>;
  /** Opens a file for reading after the same check, and checks the opened file again. */
  open(path: string): Promise<FileHandle>;
}

export interface FileRootsOptions {
  /** Absolute folders that file-reading sources may read below. Empty: none at all. */
  allow: readonly string[];
  /** Absolute folders never readable, even below an allowed one (the data folder). */
  deny: readonly string[];
}

/** Pseudo-file systems: process memory and environments, devices that block forever. */
const SYSTEM_DENY = process.platform === 'linux' ? ['/proc', '/sys', '/dev'] : [];

const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';

/** Whether `child` is `parent` or below it (both absolute and resolved). */
export function isInside(child: string, parent: string): boolean {
  const [c, p] = CASE_INSENSITIVE ? [child.toLowerCase(), parent.toLowerCase()] : [child, parent];
  const rel = relative(p, c);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A folder and its real location (they differ when the folder itself is, or sits under, a link). */
async function bothForms(folder: string): Promise<string[]> {
  const lexical = resolve(folder);
  const real = await realpath(lexical).catch(() => lexical);
  return real === lexical ? [lexical] : [lexical, real];
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

export function outsideMessage(path: string): string {
  return (
    `${path} is outside the folders this installation lets sources read. An admin allows a folder in the ` +
    "config file (files.allowRead) or with `outpost serve --allow-read DIR`; Outpost's own data folder is never readable."
  );
}

export function createFileRoots(options: FileRootsOptions): FileRoots {
  const allowed = options.allow.map((folder) => resolve(folder));
  const denied = [...options.deny, ...SYSTEM_DENY].map((folder) => resolve(folder));

  const refuse = (reason: FileRefusal, message: string) => new FileAccessError(reason, message);

  /** Allowed: below a root (either form of it) and below no denied folder (either form). */
  const allowedReal = async (real: string): Promise<boolean> => {
    const [roots, blocked] = await Promise.all([
      Promise.all(allowed.map(bothForms)),
      Promise.all(denied.map(bothForms)),
    ]);
    return roots.flat().some((root) => isInside(real, root)) && !blocked.flat().some((deny) => isInside(real, deny));
  };

  const check = async (path: string, kind: FileKind): Promise<string> => {
    if (!isAbsolute(path)) throw refuse('outside', `${path} is not an absolute path.`);
    const lexical = resolve(path);
    // Lexically outside every root: refused without touching the file system, so nothing about
    // the path (whether it exists, its size) can be learnt.
    const roots = (await Promise.all(allowed.map(bothForms))).flat();
    if (!roots.some((root) => isInside(lexical, root))) throw refuse('outside', outsideMessage(path));
    let real: string;
    try {
      real = await realpath(lexical);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw refuse('not-found', `${path} does not exist.`);
      if (code === 'EACCES' || code === 'EPERM') throw noPermission(path);
      throw err;
    }
    if (!(await allowedReal(real))) throw refuse('outside', outsideMessage(path));
    const info = await stat(real).catch((err: unknown) => {
      if (errnoOf(err) === 'EACCES' || errnoOf(err) === 'EPERM') throw noPermission(path);
      throw refuse('not-found', `${path} does not exist.`);
    });
    if (kind === 'file' && !info.isFile()) throw refuse('wrong-kind', `${path} is not a file.`);
    if (kind === 'folder' && !info.isDirectory()) throw refuse('wrong-kind', `${path} is not a folder.`);
    return real;
  };

  /** Where an open file really is: the kernel's answer on Linux, else its identity against the checked path. */
  const openedAt = async (handle: FileHandle, real: string): Promise<string | undefined> => {
    if (process.platform === 'linux') return readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    const [opened, expected] = await Promise.all([handle.stat(), stat(real).catch(() => undefined)]);
    return expected && opened.dev === expected.dev && opened.ino === expected.ino ? real : undefined;
  };

  return {
    allowed,
    resolve: check,
    async open(path) {
      const real = await check(path, 'file');
      let handle: FileHandle;
      try {
        // No following a last-component link swapped in since the check; non-blocking so a FIFO
        // put in a log file's place cannot hang the open.
        handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      } catch (err) {
        const code = errnoOf(err);
        if (code === 'ENOENT') throw refuse('not-found', `${path} does not exist.`);
        if (code === 'EACCES' || code === 'EPERM') throw noPermission(path);
        if (code === 'ELOOP') throw refuse('outside', outsideMessage(path));
        throw err;
      }
      try {
        const at = await openedAt(handle, real);
        if (at === undefined || !(await allowedReal(at))) throw refuse('outside', outsideMessage(path));
        if (!(await handle.stat()).isFile()) throw refuse('wrong-kind', `${path} is not a file.`);
        return handle;
      } catch (err) {
        await handle.close();
        throw err;
      }
    },
  };
}

function noPermission(path: string): FileAccessError {
  return new FileAccessError(
    'no-permission',
    `Outpost may not read ${path}: give the user Outpost runs as read access (for system logs, e.g. the adm group).`,
  );
}

/** Roots that allow nothing: what a file-reading source gets when nobody configured any. */
export const NO_FILES: FileRoots = createFileRoots({ allow: [], deny: [] });
