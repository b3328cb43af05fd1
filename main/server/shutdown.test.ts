import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, loadConfig, type Core } from '../core/index.js';
import { installShutdown, startServer } from './index.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('installShutdown', () => {
  it('on a signal, lets an in-flight request finish, then closes the Core and exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'outpost-shutdown-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ env: {}, overrides: { dataDir, server: { port: 0 }, log: { level: 'silent' } } });
    const real = await createCore({ config });
    cleanups.push(() => real.close());

    // A stand-in for a slow method: the Core's call waits until the test lets it go.
    let started!: () => void;
    const requestStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let coreClosed = false;
    const core: Core = {
      ...real,
      call: async (method, input, ctx) => {
        if (method !== 'system.health') return real.call(method, input, ctx);
        started();
        await released;
        return real.call(method, input, ctx);
      },
      close: async () => {
        coreClosed = true;
        await real.close();
      },
    };

    const running = await startServer(core, { logger: { level: 'silent' } });
    cleanups.push(() => running.close());
    let shutdownBegan!: () => void;
    const began = new Promise<void>((resolve) => (shutdownBegan = resolve));
    const logger = {
      info: (_obj: object | string, msg?: string) => {
        if (msg === 'shutting down') shutdownBegan();
      },
      warn: () => {},
      error: () => {},
    };
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const uninstall = installShutdown(running.server, core, logger, {
        signals: ['SIGUSR2'],
        exit: (code) => {
          exitCode = code;
          resolve();
        },
      });
      cleanups.push(uninstall);
    });

    const inFlight = fetch(`${running.url}/api/rpc/system.health`, { method: 'POST' });
    await requestStarted;
    process.kill(process.pid, 'SIGUSR2');
    await began;
    release();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ok');
    await exited;
    expect(exitCode).toBe(0);
    expect(coreClosed).toBe(true);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });
});
