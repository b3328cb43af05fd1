/**
 * Splits one TCP connection's byte stream into syslog messages (RFC 6587). Each frame is
 * auto-detected: a leading digit means octet counting (`LEN SP MSG`), anything else is newline
 * framed. A garbage line therefore costs only itself; the next line is read normally.
 */
export interface FrameResult {
  frames: Buffer[];
  /** Set when the connection must be closed: a frame exceeds the limit (nothing after it is trusted). */
  oversized?: string;
}

const LF = 0x0a;
const SP = 0x20;

export class SyslogTcpFramer {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): FrameResult {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      this.skipBlankLines();
      if (this.buffer.length === 0) return { frames };
      const counted = this.octetCountedLength();
      if (counted === 'wait') return { frames };
      if (counted !== undefined) {
        if (counted.length > this.maxMessageBytes) {
          return this.oversize(frames, `a frame announces ${counted.length} bytes`);
        }
        const end = counted.start + counted.length;
        if (this.buffer.length < end) return { frames };
        frames.push(this.buffer.subarray(counted.start, end));
        this.buffer = this.buffer.subarray(end);
        continue;
      }
      const newline = this.buffer.indexOf(LF);
      if (newline === -1) {
        if (this.buffer.length > this.maxMessageBytes) {
          return this.oversize(frames, `a line is longer than ${this.maxMessageBytes} bytes without a newline`);
        }
        return { frames };
      }
      if (newline > this.maxMessageBytes) {
        return this.oversize(frames, `a line of ${newline} bytes is longer than ${this.maxMessageBytes}`);
      }
      frames.push(this.buffer.subarray(0, newline));
      this.buffer = this.buffer.subarray(newline + 1);
    }
  }

  private oversize(frames: Buffer[], what: string): FrameResult {
    this.buffer = Buffer.alloc(0);
    return { frames, oversized: `${what}; the limit is maxMessageBytes = ${this.maxMessageBytes}` };
  }

  private skipBlankLines(): void {
    let i = 0;
    while (i < this.buffer.length && (this.buffer[i] === LF || this.buffer[i] === 0x0d)) i++;
    if (i > 0) this.buffer = this.buffer.subarray(i);
  }

  /** `{start, length}` for `DIGITS SP`, 'wait' while the digits may continue, undefined if not octet counted. */
  private octetCountedLength(): { start: number; length: number } | 'wait' | undefined {
    const b = this.buffer;
    if (!isDigit(b[0]) || b[0] === 0x30) return undefined;
    let i = 1;
    while (i < b.length && i <= 10 && isDigit(b[i])) i++;
    if (i === b.length) return i <= 10 ? 'wait' : undefined;
    if (b[i] !== SP) return undefined;
    return { start: i + 1, length: Number(b.subarray(0, i).toString('latin1')) };
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}
