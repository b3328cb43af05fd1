import type { Socket } from 'node:net';

/**
 * Splits a socket's bytes into lines, refusing a line longer than `maxBytes` before it is buffered
 * whole. Written here rather than with node:readline, which has no length limit: a client that
 * never sends a newline would otherwise grow the privileged helper's memory without bound.
 */
export function onLines(
  socket: Socket,
  maxBytes: number,
  handlers: { line(text: string): void; tooLong(): void },
): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const part = chunk.subarray(start, nl);
      if (pendingBytes + part.length > maxBytes) return overflow();
      const line = Buffer.concat([...pending, part]).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      if (line.trim() !== '') handlers.line(line);
      if (socket.destroyed) return;
    }
    const rest = chunk.subarray(start);
    if (pendingBytes + rest.length > maxBytes) return overflow();
    if (rest.length > 0) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  });
  function overflow(): void {
    pending = [];
    pendingBytes = 0;
    handlers.tooLong();
  }
}

/** Writes one JSON line unless the other side is gone. */
export function sendLine(socket: Socket, value: unknown): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(value)}\n`);
}
