import type { FileHandle } from 'node:fs/promises';

export interface LogLine {
  text: string;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just after the line (after its newline). */
  end: number;
}

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The complete lines between `from` and `to`. A last line without its newline is still being
 * written and is left for a later read, unless `includeTail` (a rotated file nobody writes to).
 * A line longer than `maxLineBytes` comes out in pieces of that size (cut at a UTF-8 character
 * boundary), so one runaway line can neither exhaust memory nor block the file forever.
 */
export async function* readLines(
  file: FileHandle,
  from: number,
  to: number,
  maxLineBytes: number,
  includeTail = false,
): AsyncGenerator<LogLine> {
  let pending = Buffer.alloc(0);
  let lineStart = from;
  let position = from;
  const chunk = Buffer.alloc(CHUNK_BYTES);
  while (position < to) {
    const { bytesRead } = await file.read(chunk, 0, Math.min(CHUNK_BYTES, to - position), position);
    if (bytesRead === 0) break;
    position += bytesRead;
    pending =
      pending.length === 0
        ? Buffer.from(chunk.subarray(0, bytesRead))
        : Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
    let scan = 0;
    for (;;) {
      const newline = pending.indexOf(NEWLINE, scan);
      const lineBytes = (newline === -1 ? pending.length : newline) - scan;
      if (lineBytes > maxLineBytes) {
        const cut = utf8Boundary(pending, scan + maxLineBytes, scan);
        yield line(pending, scan, cut, lineStart, cut - scan);
        lineStart += cut - scan;
        scan = cut;
        continue;
      }
      if (newline === -1) break;
      yield line(pending, scan, newline, lineStart, newline + 1 - scan);
      lineStart += newline + 1 - scan;
      scan = newline + 1;
    }
    pending = pending.subarray(scan);
  }
  if (includeTail && pending.length > 0) yield line(pending, 0, pending.length, lineStart, pending.length);
}

function line(buffer: Buffer, from: number, until: number, start: number, length: number): LogLine {
  let text = buffer.toString('utf8', from, until);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return { text, start, end: start + length };
}

/** Moves `at` back so it does not split a multi-byte UTF-8 character (continuation bytes are 10xxxxxx). */
function utf8Boundary(buffer: Buffer, at: number, floor: number): number {
  let cut = at;
  while (cut > floor + 1 && ((buffer[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut;
}
