import { spawn, type ChildProcess } from 'node:child_process';
import { inNamespace, WireguardToolError, explainFailure } from './command-runner.js';

/**
 * wireguard-go, for machines without the kernel module. It runs in the foreground as our child
 * (`-f`), so its pid is known and it is stopped by pid, never left behind as an orphan: a deleted
 * namespace does not end it, and its control socket (/var/run/wireguard/<name>.sock) is shared by
 * every namespace, which is also why interface names must be unique on the machine.
 */
export interface UserspaceDevice {
  readonly pid: number;
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export function startUserspaceDevice(
  name: string,
  netns: string | undefined,
  ready: () => Promise<boolean>,
): Promise<UserspaceDevice> {
  const [file, argv] = inNamespace(netns, 'wireguard-go', ['-f', name]);
  const child: ChildProcess = spawn(file, argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let spawnError: unknown;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code;
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => (gone = true));

  const device: UserspaceDevice = {
    get pid() {
      return child.pid ?? -1;
    },
    exited,
    async stop() {
      if (gone || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };

  return (async () => {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (gone) throw explainFailure('wireguard-go', netns, stderr || 'wireguard-go exited at start', spawnError);
      if (await ready()) return device;
      await new Promise((r) => setTimeout(r, 20));
    }
    await device.stop();
    throw new WireguardToolError(`wireguard-go did not create ${name} within 5 s.`, stderr, 'failed');
  })();
}
