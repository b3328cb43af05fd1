import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSkipReason, findElectron } from '../support/electron-binary.js';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { OutpostBridge, RpcResult } from '../../main/contract/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const ELECTRON = findElectron();
const SKIP_REASON = electronSkipReason();
test.skip(SKIP_REASON !== null, SKIP_REASON ?? '');

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeAll(async () => {
  for (const script of ['build:main', 'build:preload']) {
    const built = spawnSync('npm', ['run', script, '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`npm run ${script} failed (exit ${built.status}); fix the build first`);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-electron-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  env.OUTPOST_DATA_DIR = dataDir;
  // Chromium refuses to start as root with its OS sandbox; CI containers run as root. The page's
  // JavaScript isolation (contextIsolation, no Node integration) does not depend on it.
  const args = process.getuid?.() === 0 ? ['--no-sandbox', ROOT] : [ROOT];
  app = await electron.launch({ executablePath: ELECTRON!, args, cwd: ROOT, env, timeout: 60_000 });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the window opens on the sign-in page of the outpost:// origin', async () => {
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(page.url()).toMatch(/^outpost:\/\/app\//);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('the page sees window.outpost and no Node', async () => {
  const exposed = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown> & { outpost?: OutpostBridge };
    return {
      outpost: typeof scope.outpost,
      keys: scope.outpost ? Object.keys(scope.outpost).sort() : [],
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
      Buffer: typeof scope.Buffer,
      ipcRenderer: typeof scope.ipcRenderer,
    };
  });
  expect(exposed).toEqual({
    outpost: 'object',
    keys: ['call', 'subscribe'],
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    ipcRenderer: 'undefined',
  });
});

test('calls reach the Core over IPC, and bad calls come back as errors', async () => {
  const [health, unknown, anonymous] = await page.evaluate(async () => {
    const outpost = (globalThis as unknown as { outpost: OutpostBridge }).outpost;
    return Promise.all([
      outpost.call('system.health', {}),
      outpost.call('no such method', {}),
      outpost.call('auth.me', {}),
    ]) as Promise<RpcResult[]>;
  });
  expect(health).toMatchObject({ ok: true, result: { status: expect.any(String) } });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
});

test('the page cannot navigate away or open windows', async () => {
  const before = page.url();
  await page.evaluate(() => {
    const scope = globalThis as unknown as { location: { href: string }; open(url: string): unknown };
    // Not an http(s) link, so nothing is handed to the system browser either.
    scope.open('file:///etc/passwd');
    scope.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});
