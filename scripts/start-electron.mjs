#!/usr/bin/env node
// `npm start`: build everything, then run the desktop app with the project's Electron binary.
// Electron 45 downloads its binary lazily, and requiring the `electron` package tries that download,
// so the binary is looked for on disk first; without it we say how to get it and stop.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const MISSING =
  'Electron\'s binary is not installed here: run "node node_modules/electron/install.js" with network access to fetch it — or use "npm run serve" to run Outpost in your browser without it.';

/** The Electron executable, or null when it is not on disk. Never triggers a download. */
function findElectron() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  if (!existsSync(join(distDir, readFileSync(pathFile, 'utf8').trim()))) return null;
  try {
    // Safe now that the binary exists: this only returns its path.
    const executable = require('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/**
 * better-sqlite3 is built for the Node that runs the tests; Electron's Node has another ABI. Loading
 * it here, inside Electron, finds out before the app starts and fails with a useless dialog.
 */
function checkNativeModules(electron) {
  const probe = spawnSync(electron, ['-e', "require('better-sqlite3')(':memory:').close()"], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  if (probe.status === 0) return true;
  const output = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(output)) {
    console.error(
      'better-sqlite3 is built for Node, not for Electron: run "npx electron-builder install-app-deps" to rebuild it for Electron (and "npm rebuild better-sqlite3" before running the Node tests again).',
    );
  } else {
    console.error(`Electron could not load better-sqlite3:\n${output.trim()}`);
  }
  return false;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

const electron = findElectron();
if (!electron) {
  console.error(MISSING);
  process.exit(1);
}
if (!checkNativeModules(electron)) process.exit(1);

const built = run('npm', ['run', 'build', '--silent']);
if (built !== 0) process.exit(built);

const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
