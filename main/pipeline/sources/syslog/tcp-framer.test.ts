import { describe, expect, it } from 'vitest';
import { SyslogTcpFramer } from './tcp-framer.js';

const text = (frames: Buffer[]) => frames.map((f) => f.toString('utf8'));

describe('SyslogTcpFramer', () => {
  it('splits octet-counted and newline-framed messages mixed in one chunk', () => {
    const framer = new SyslogTcpFramer(1024);
    const a = '<13>1 - h a - - - one';
    const result = framer.push(
      Buffer.from(`${Buffer.byteLength(a)} ${a}<13>Jan  5 01:02:03 h a: two\n\n<13>x: three\r\n`),
    );
    expect(text(result.frames)).toEqual([a, '<13>Jan  5 01:02:03 h a: two', '<13>x: three\r']);
  });

  it('joins a message split across chunks, including inside the length prefix', () => {
    const framer = new SyslogTcpFramer(1024);
    const msg = '<13>1 - h a - - - héllo split';
    const frame = Buffer.from(`${Buffer.byteLength(msg)} ${msg}`);
    const parts = [frame.subarray(0, 1), frame.subarray(1, 6), frame.subarray(6, 20), frame.subarray(20)];
    const frames = parts.flatMap((p) => framer.push(p).frames);
    expect(text(frames)).toEqual([msg]);
  });

  it('reports an announced length above the limit', () => {
    const result = new SyslogTcpFramer(100).push(Buffer.from('5000 <13>...'));
    expect(result.oversized).toMatch(/5000 bytes.*maxMessageBytes = 100/);
  });

  it('reports a line that outgrows the limit before its newline', () => {
    const framer = new SyslogTcpFramer(100);
    expect(framer.push(Buffer.from('<13>ok\n' + 'x'.repeat(60))).oversized).toBeUndefined();
    const result = framer.push(Buffer.from('y'.repeat(60)));
    expect(result.oversized).toMatch(/longer than 100/);
  });
});
