import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './renderer-build.js';

const isTest = (name: string): boolean => name.endsWith('.test.ts') || name === 'test-support';

/**
 * Why `dist/main` cannot stand in for the sources, or null when it is newer than every source file
 * it is built from. Tests then start `node dist/main/cli.js` (as users do), which starts in about
 * half the CPU time of the sources through tsx: CI builds before it tests, and a developer who
 * edited a file since the last build gets the sources.
 */
export function staleMainBuildReason(root: string): string | null {
  const built = join(root, 'dist', 'main', 'cli.js');
  if (!existsSync(built)) return 'dist/main/cli.js is missing';
  const sources = Math.max(newestMtime(join(root, 'main'), isTest), newestMtime(join(root, 'native'), isTest));
  return sources > statSync(built).mtimeMs ? 'main/ or native/ changed since dist/main was built' : null;
}
