import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { electronSkipReason } from './support/electron-binary.js';
import { CHROMIUM_PATH, requireSystemCommand } from './support/system-packages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Fails fast with the apt-get line when Chromium is missing; builds the renderer when it was never built. */
export default function globalSetup(): void {
  requireSystemCommand(CHROMIUM_PATH, 'chromium');

  const electronSkip = electronSkipReason();
  if (electronSkip) console.log(`Playwright project "electron" will be skipped: ${electronSkip}`);

  if (!existsSync(new URL('../dist/renderer/index.html', import.meta.url))) {
    console.log('dist/renderer/index.html is missing: running npm run build:renderer');
    const result = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error(
        `npm run build:renderer failed (exit ${result.status ?? result.signal}); the UI cannot be tested`,
      );
    }
  }
}
