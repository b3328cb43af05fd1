import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, createLogger, loadConfig, type Config, type Core } from '../core/index.js';
import { CoreClient } from './core-client.js';
import { serveCore } from './core-server.js';
import { startDesktopHttp } from './desktop-http.js';
import { portPair } from './test-support/index.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataFolder(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-desktop-http-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

async function coreWith(config: Config): Promise<Core> {
  const core = await createCore({ config });
  cleanups.push(() => core.close());
  return core;
}

const quiet = { log: { level: 'silent' as const } };

describe('the desktop app HTTP server (desktop.httpServer)', () => {
  it('is off unless the user turns it on, in config.json or the environment', async () => {
    const dataDir = await dataFolder();
    expect(loadConfig({ env: {}, overrides: { dataDir } }).desktop.httpServer).toBe(false);
    expect(loadConfig({ env: { OUTPOST_DESKTOP_HTTP_SERVER: 'yes' }, overrides: { dataDir } }).desktop.httpServer).toBe(
      true,
    );
    await writeFile(join(dataDir, 'config.json'), JSON.stringify({ desktop: { httpServer: true } }));
    expect(loadConfig({ env: {}, overrides: { dataDir } }).desktop.httpServer).toBe(true);
    expect(() => loadConfig({ env: { OUTPOST_DESKTOP_HTTP_SERVER: 'maybe' }, overrides: { dataDir } })).toThrow(
      /desktop\.httpServer/,
    );

    const core = await coreWith(loadConfig({ env: {}, overrides: { dataDir: await dataFolder(), ...quiet } }));
    expect(await startDesktopHttp(core, createLogger(core.config))).toEqual({ server: null, notices: [] });
  });

  it('when on, answers HTTP beside the window, and stops before the Core closes', async () => {
    const dataDir = await dataFolder();
    const config = loadConfig({
      env: {},
      overrides: { dataDir, server: { port: 0 }, desktop: { httpServer: true }, ...quiet },
    });
    const core = await createCore({ config });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await core.close();
    });
    const http = await startDesktopHttp(core, createLogger(config));
    cleanups.push(async () => {
      if (!closed) await http.server?.close();
    });
    expect(http.notices).toEqual([]);
    const url = http.server?.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // The window's close request stops the server first, then the Core.
    const [mainEnd, coreEnd] = portPair();
    serveCore(core, coreEnd, { beforeClose: async () => http.server?.close(), onClosed: () => (closed = true) });
    const client = new CoreClient(mainEnd);
    coreEnd.postMessage({ type: 'ready', notices: http.notices });
    expect(await client.ready).toEqual([]);
    await client.close();
    await expect.poll(() => closed).toBe(true);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('tells the user when its port is taken, and the window keeps working without it', async () => {
    const blocker: Server = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const taken = (blocker.address() as AddressInfo).port;

    const config = loadConfig({
      env: {},
      overrides: { dataDir: await dataFolder(), server: { port: taken }, desktop: { httpServer: true }, ...quiet },
    });
    const core = await coreWith(config);
    const http = await startDesktopHttp(core, createLogger(config));
    expect(http.server).toBeNull();
    expect(http.notices).toHaveLength(1);
    expect(http.notices[0]).toContain(`Port ${taken} on 127.0.0.1 is already in use`);
    expect(http.notices[0]).toContain('config.json');
    expect(await core.call('system.health', {}, { transport: 'ipc', address: 'ipc' })).toMatchObject({ status: 'ok' });
  });
});
