import { readdir, stat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import { isSha256 } from './blob-paths.js';

export interface ReconcileResult {
  orphanFiles: number;
  missingFiles: number;
  filesDeleted: number;
  rowsMarked: number;
  needsConfirmation: boolean;
  message: string;
}

/** Work files older than this in `<blobs>/tmp` are left over from a crash. */
const STALE_TEMP_MS = 24 * 3_600_000;

async function filesOnDisk(root: string): Promise<Set<string>> {
  const found = new Set<string>();
  const base = join(root, 'sha256');
  let dirs: string[];
  try {
    dirs = await readdir(base);
  } catch {
    return found;
  }
  for (const dir of dirs) {
    for (const name of await readdir(join(base, dir)).catch(() => [] as string[])) {
      const sha = dir + name;
      if (isSha256(sha)) found.add(sha);
    }
  }
  return found;
}

/**
 * Disk versus database: files that no row, site-map file or release names (and no upload in
 * flight has pinned) are deleted; rows whose file is gone are marked missing. Like Frigate's, it
 * refuses to delete or mark more than half of either side without an admin's confirmation: a
 * half-empty disk is more likely a mount that failed than garbage.
 */
export async function reconcile(deps: {
  store: Store;
  blobs: BlobStore;
  scope: Scope | null;
  confirm: boolean;
  now: number;
  pinned(sha256: string): boolean;
}): Promise<ReconcileResult> {
  const { store, blobs } = deps;
  const onDisk = await filesOnDisk(blobs.root);
  const named = store.media.localShas();
  const orphans = [...onDisk].filter((sha) => !named.has(sha) && !deps.pinned(sha) && !store.media.blobInUse(sha));
  const missingShas = [...named].filter((sha) => !onDisk.has(sha) && !deps.pinned(sha));
  const missingRows = store.media
    .localRowsWithSha(missingShas)
    .filter((row) => deps.scope === null || row.tenantId === deps.scope.tenantId);
  const tooManyFiles = onDisk.size > 0 && orphans.length > onDisk.size / 2;
  const localRows = store.media.countLocal();
  const tooManyRows = localRows > 0 && missingRows.length > localRows / 2;
  const base = { orphanFiles: orphans.length, missingFiles: missingRows.length };
  if ((tooManyFiles || tooManyRows) && !deps.confirm) {
    return {
      ...base,
      filesDeleted: 0,
      rowsMarked: 0,
      needsConfirmation: true,
      message:
        `Reconciliation would delete ${orphans.length} of ${onDisk.size} files and mark ${missingRows.length} of ${localRows} rows missing: ` +
        'more than half. Nothing was changed. Check that the media disk is mounted, then confirm to go ahead.',
    };
  }
  for (const sha of orphans) await blobs.remove(sha);
  if (missingRows.length > 0) {
    store.media.markRemoved(
      missingRows.map((r) => r.id),
      'The file was missing from disk (found by reconciliation).',
      deps.now,
    );
  }
  const temp = await readdir(blobs.tempDir).catch(() => [] as string[]);
  for (const name of temp) {
    const file = join(blobs.tempDir, name);
    const info = await stat(file).catch(() => null);
    if (info && deps.now - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
  }
  return {
    ...base,
    filesDeleted: orphans.length,
    rowsMarked: missingRows.length,
    needsConfirmation: false,
    message: `Deleted ${orphans.length} files nothing named and marked ${missingRows.length} rows whose file was gone.`,
  };
}
