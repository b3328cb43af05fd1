import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `dist/renderer` of the install: the package root is two folders up from main/server, three from dist/main/server. */
export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const root = join(here, up);
    const pkg = join(root, 'package.json');
    if (!existsSync(pkg)) continue;
    try {
      if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'outpost') {
        return join(root, 'dist', 'renderer');
      }
    } catch {
      // not our package.json; keep looking
    }
  }
  return join(here, '../../dist/renderer');
}
