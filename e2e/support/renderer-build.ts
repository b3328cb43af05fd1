import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of any file below `dir` (ms), skipping what `skip` names. */
export function newestMtime(dir: string, skip: (name: string) => boolean = () => false): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Why the built renderer cannot be tested as it is, or null when it is current: browser tests
 * must exercise the UI in the working tree, not a build left over from an earlier change.
 */
export function staleRendererReason(root: string): string | null {
  const built = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(built)) return 'dist/renderer/index.html is missing';
  const sources = Math.max(
    newestMtime(join(root, 'renderer')),
    statSync(join(root, 'vite.config.ts')).mtimeMs,
    newestMtime(join(root, 'main', 'contract')),
  );
  return sources > statSync(built).mtimeMs ? 'the renderer sources changed since dist/renderer was built' : null;
}
