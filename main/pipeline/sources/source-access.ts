import { OutpostError, mayCall, sourceKindAccess, type Caller, type SourceKindName } from '../../contract/index.js';
import { FileAccessError, type FileRoots } from './file-roots.js';

/**
 * Refuses a caller whose role is below what the source kind needs: file-reading kinds reach the
 * server's disk (within the admin's roots), so only admins create, change, test or delete them.
 */
export function assertMayManageSourceKind(caller: Caller, kind: SourceKindName, action: string): void {
  const needed = sourceKindAccess(kind);
  if (mayCall(needed, caller)) return;
  throw new OutpostError(
    'forbidden',
    `Your role (${caller.role}) cannot ${action} a ${kind} source: sources that read this server's files need the ${needed} role. Ask an admin.`,
  );
}

/**
 * A file-reading source's path must lie below the allowed roots when it is saved: refused with a
 * 400 naming `config.path` otherwise. A path that does not exist yet is fine (the program that
 * writes the log may not have started); the source reports it until it appears.
 */
export async function assertPathAllowed(files: FileRoots, kind: string, config: { path: string }): Promise<void> {
  try {
    await files.resolve(config.path, kind === 'folder' ? 'folder' : 'file');
  } catch (err) {
    if (!(err instanceof FileAccessError)) throw err;
    if (err.reason === 'not-found') return;
    throw new OutpostError('invalid_input', `Invalid ${kind} source config: config.path: ${err.message}`, {
      issues: [{ path: 'config.path', message: err.message }],
    });
  }
}
