import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/*
 * s3rver in a process of its own, so a benchmark's CPU figures are Outpost's alone and the peer's
 * disk writes and part checksums run on the other core, as a real storage service would.
 */

export interface S3PeerProcess {
  endpoint: string;
  bucket: string;
  /** CPU the peer process has used so far, in microseconds (user + system). */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

type Reply = { type: 'ready'; endpoint: string; bucket: string } | { type: 'cpu'; micros: number };

const CHILD = fileURLToPath(new URL('./s3-peer-child.ts', import.meta.url));

export async function startS3PeerProcess(): Promise<S3PeerProcess> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the s3rver process ended (exit ${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as Reply);
      });
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('the s3rver process did not start');
  return {
    endpoint: ready.endpoint,
    bucket: ready.bucket,
    async cpuMicros() {
      const answer = next();
      child.send({ type: 'cpu' });
      const reply = await answer;
      return reply.type === 'cpu' ? reply.micros : 0;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' });
      await exited;
    },
  };
}
