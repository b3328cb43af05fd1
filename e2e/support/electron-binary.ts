import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The Electron executable, or null when it is not on disk. Requiring the `electron` package would
 * try to download the binary, so the files are checked first.
 */
export function findElectron(): string | null {
  const require = createRequire(join(ROOT, 'package.json'));
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const executable = join(distDir, readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** Why the Electron project cannot run here, or null when it can. */
export function electronSkipReason(): string | null {
  if (findElectron() === null) {
    return 'Electron binary not installed: run "node node_modules/electron/install.js" with network access';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'No display for the Electron window: run the tests under "xvfb-run"';
  }
  return null;
}
