import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSystemCommand } from '../../scripts/require-system-package.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A real Mosquitto on a loopback port, for tests of the MQTT source. */
export interface TestBroker {
  port: number;
  url: string;
  pid: number;
  /** SIGTERM to this broker's pid, then waits for it to exit. */
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts Mosquitto on `port` (a free one when absent; anonymous, no persistence) and resolves once it
 * accepts connections; `stop` ends this process only. Starting again on a port a stopped broker used is how tests bring a broker back.
 */
export async function startMosquitto(port?: number): Promise<TestBroker> {
  port ??= await freePort();
  const mosquitto = requireSystemCommand('mosquitto', 'mosquitto');
  const dir = mkdtempSync(join(tmpdir(), 'outpost-mqtt-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const broker = spawn(mosquitto, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  broker.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => broker.once('exit', () => resolve()));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (broker.exitCode !== null) {
      cleanup();
      throw new Error(`mosquitto exited: ${stderr}`);
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      if (broker.pid !== undefined) process.kill(broker.pid, 'SIGTERM');
      cleanup();
      throw new Error(`mosquitto is not listening on ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const pid = broker.pid!;
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    pid,
    async stop() {
      if (broker.exitCode === null && broker.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        await exited;
      }
      cleanup();
    },
  };
}
