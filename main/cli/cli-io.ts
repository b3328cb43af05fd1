import type { Readable } from 'node:stream';

/** Where a command reads and writes: the process's own streams, or a test's. */
export interface CliIo {
  stdin: Readable;
  stdout: (text: string) => void;
}

export const PROCESS_IO: CliIo = {
  stdin: process.stdin,
  stdout: (text) => void process.stdout.write(text),
};
