import { spawn } from 'node:child_process';

/** Why a tool run failed: `timeout` and `output_limit` are ours, `failed` is the tool's own exit. */
export type ToolFailure = 'timeout' | 'output_limit' | 'failed' | 'not_found';

export class FfmpegError extends Error {
  readonly reason: ToolFailure;
  /** The last lines the tool wrote to stderr (its own explanation), for logs and user messages. */
  readonly detail: string;
  constructor(reason: ToolFailure, message: string, detail = '') {
    super(message);
    this.name = 'FfmpegError';
    this.reason = reason;
    this.detail = detail;
  }
}

export interface RunLimits {
  /** The process is killed (SIGKILL) past this many milliseconds. */
  timeoutMs: number;
  /** The process is killed when stdout grows past this many bytes. */
  maxStdoutBytes: number;
  /** Bytes written to the tool's stdin (then closed); nothing when absent. */
  stdin?: Buffer;
  signal?: AbortSignal;
}

/** Keeps the last few kB of stderr: ffmpeg's explanation is at the end, its banner at the start. */
const STDERR_TAIL = 4096;

/**
 * Runs `command args…` without a shell and collects stdout (bounded) and the tail of stderr. The
 * process is killed on timeout, on too much output and on abort, so a hostile or broken file can
 * neither hang a worker nor fill memory.
 */
export function runTool(command: string, args: readonly string[], limits: RunLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [limits.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: FfmpegError | undefined;
    const kill = (error: FfmpegError): void => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        kill(new FfmpegError('timeout', `${label(command)} took longer than ${limits.timeoutMs} ms and was stopped.`)),
      limits.timeoutMs,
    );
    const onAbort = (): void => kill(new FfmpegError('timeout', `${label(command)} was cancelled.`));
    limits.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout!.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxStdoutBytes) {
        kill(new FfmpegError('output_limit', `${label(command)} produced more than ${limits.maxStdoutBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    if (limits.stdin && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(limits.stdin);
    }
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      reject(
        err.code === 'ENOENT'
          ? new FfmpegError('not_found', `${label(command)} is not installed (apt-get install -y ffmpeg).`)
          : err,
      );
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code !== 0) {
        const detail = lastLines(stderr);
        return reject(new FfmpegError('failed', `${label(command)} could not read the file: ${detail}`, detail));
      }
      resolve(Buffer.concat(chunks, size));
    });
  });
}

function label(command: string): string {
  return command.split('/').at(-1) ?? command;
}

/** ffmpeg's error is its last non-empty line or two; the rest is progress noise. */
function lastLines(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-2).join(' / ') || 'no explanation given';
}
