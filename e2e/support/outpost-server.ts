import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleMainBuildReason } from './main-build.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_CLI = join(ROOT, 'dist', 'main', 'cli.js');
const SOURCE_CLI = join(ROOT, 'main', 'cli.ts');

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery-staple' } as const;

/**
 * How the `outpost` command runs: `source` = `node --import tsx main/cli.ts` (tsx 4 registers its
 * ESM and CJS hooks through `--import` on Node ≥ 20.6); `dist` = `node dist/main/cli.js` after
 * `npm run build`.
 */
export type OutpostEntry = 'source' | 'dist';

export function distCliExists(): boolean {
  return existsSync(DIST_CLI);
}

let freshEntry: OutpostEntry | undefined;

/** `dist` when the build is newer than every source file, else `source` (decided once per process). */
export function currentEntry(): OutpostEntry {
  freshEntry ??= staleMainBuildReason(ROOT) === null ? 'dist' : 'source';
  return freshEntry;
}

/** The arguments to `node` that run `outpost …args` from `entry` (the current one by default). */
export function nodeArgs(entry: OutpostEntry, args: readonly string[]): string[] {
  return entry === 'dist' ? [DIST_CLI, ...args] : ['--import', 'tsx', SOURCE_CLI, ...args];
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OUTPOST_SERVER_RENDERER_DIR: join(ROOT, 'dist', 'renderer'),
    OUTPOST_SERVER_SHUTDOWN_GRACE_SECONDS: '2',
    NO_COLOR: '1',
    ...extra,
  };
}

/** Runs one `outpost` command to completion, writing `stdin` to it; rejects with its output on failure. */
export function runOutpost(
  args: readonly string[],
  options: { stdin?: string; entry?: OutpostEntry; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, nodeArgs(options.entry ?? currentEntry(), args), {
    cwd: ROOT,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`outpost ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`outpost ${args.join(' ')} exited with ${code ?? signal}\n${stdout}${stderr}`));
    });
  });
}

export interface OutpostServer {
  /** `http://127.0.0.1:PORT`, from the `Outpost listening on …` line. */
  readonly url: string;
  readonly dataDir: string;
  readonly pid: number;
  readonly entry: OutpostEntry;
  /** `performance.now()` just before the `serve` process was spawned, and when its listening line arrived. */
  readonly spawnedAt: number;
  readonly listeningAt: number;
  /** What the server printed (stdout and stderr interleaved; the last 256 KiB once it listens). */
  output(): string;
  /** Stops the server by its pid (SIGTERM, then SIGKILL after `graceMs`) and removes the data folder it made. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  entry?: OutpostEntry;
  /** `demo` runs `outpost demo` (serve with the sample site loaded). Default `serve`. */
  command?: 'serve' | 'demo';
  /** Create `ADMIN` with `outpost user add … --password-stdin` before serving. Default true. */
  createAdmin?: boolean;
  env?: Record<string, string>;
  extraArgs?: string[];
  startTimeoutMs?: number;
  /** Run `serve` inside this network namespace (`ip netns exec`, which execs: the pid is the server's). */
  netns?: string;
  /**
   * Serve this existing folder (a restart after a crash) instead of a fresh one; `stop` then keeps it
   * and the caller removes it.
   */
  dataDir?: string;
}

const OUTPUT_KEEP = 256 * 1024;
const LISTENING = /Outpost listening on (https?:\/\/[^\s"']+)/;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts `outpost serve --port 0 --data-dir <fresh tmp>` as a child process and resolves once it prints
 * `Outpost listening on http://…`. On any failure the child is killed and the folder removed.
 */
export async function startOutpost(options: StartOptions = {}): Promise<OutpostServer> {
  const entry = options.entry ?? currentEntry();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'outpost-e2e-')));
  let child: ChildProcess | undefined;
  let output = '';
  let stopped = false;

  const stop = async (graceMs = 5_000): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      if (!(await waitForExit(child, graceMs))) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitForExit(child, 5_000);
      }
    }
    if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    if (options.createAdmin ?? true) {
      await runOutpost(
        ['user', 'add', '--email', ADMIN.email, '--role', 'admin', '--password-stdin', '--data-dir', dataDir],
        { stdin: `${ADMIN.password}\n`, entry, env: options.env ?? {} },
      );
    }

    const spawnedAt = performance.now();
    const serveArgs = nodeArgs(entry, [
      options.command ?? 'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.extraArgs ?? []),
    ]);
    const spawned = spawn(
      options.netns ? 'ip' : process.execPath,
      options.netns ? ['netns', 'exec', options.netns, process.execPath, ...serveArgs] : serveArgs,
      { cwd: ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = spawned;
    const url = await new Promise<string>((resolve, reject) => {
      const timeoutMs = options.startTimeoutMs ?? 60_000;
      const timer = setTimeout(
        () =>
          reject(new Error(`outpost serve printed no "Outpost listening on" line within ${timeoutMs} ms\n${output}`)),
        timeoutMs,
      );
      let listening = false;
      const onData = (chunk: string): void => {
        output += chunk;
        if (listening) {
          // A long-running server (benchmarks) must not grow this buffer without bound.
          if (output.length > 2 * OUTPUT_KEEP) output = output.slice(-OUTPUT_KEEP);
          return;
        }
        const match = LISTENING.exec(output);
        if (match?.[1]) {
          listening = true;
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      spawned.stdout.setEncoding('utf8').on('data', onData);
      spawned.stderr.setEncoding('utf8').on('data', onData);
      spawned.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      spawned.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`outpost serve exited with ${code ?? signal} before listening\n${output}`));
      });
    });

    const listeningAt = performance.now();
    return {
      url,
      dataDir,
      pid: spawned.pid ?? -1,
      entry,
      spawnedAt,
      listeningAt,
      output: () => output,
      stop,
    };
  } catch (err) {
    await stop(1_000);
    throw err;
  }
}
