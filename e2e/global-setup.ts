import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronSkipReason } from './support/electron-binary.js';
import { staleRendererReason } from './support/renderer-build.js';
import { CHROMIUM_PATH, requireSystemCommand } from './support/system-packages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Fails fast with the apt-get line when Chromium is missing; builds the renderer when its build is missing or older than its sources. */
export default function globalSetup(): void {
  requireSystemCommand(CHROMIUM_PATH, 'chromium');

  const electronSkip = electronSkipReason();
  if (electronSkip) console.log(`Playwright project "electron" will be skipped: ${electronSkip}`);

  const stale = staleRendererReason(ROOT);
  if (stale) {
    console.log(`${stale}: running npm run build:renderer`);
    const result = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error(
        `npm run build:renderer failed (exit ${result.status ?? result.signal}); the UI cannot be tested`,
      );
    }
  }
}
