import { readFileSync } from 'node:fs';

/**
 * The package version, read once from package.json (two folders up from main/version, three from
 * dist/main/version). A module of its own, with no imports but node:fs, so that `outpost --version`,
 * `--help` and the tunnel helper name their version without loading the Core.
 */
export const VERSION: string = (() => {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'outpost' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
})();
