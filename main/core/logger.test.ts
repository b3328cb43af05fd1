import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes JSON and redacts secrets at the top level and nested', () => {
    const { lines, stream } = capture();
    const log = createLogger({ log: { level: 'info' } }, stream);
    log.info(
      {
        password: 'hunter2-top',
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=xyz', 'set-cookie': 'a=b' } },
        deep: { a: { b: { c: { token: 'tok-deep', secret: 'sec-deep', keep: 'visible' } } } },
      },
      'signed in',
    );
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry.msg).toBe('signed in');
    const text = lines[0]!;
    for (const secret of ['hunter2-top', 'abc.def.ghi', 'sid=xyz', 'a=b', 'tok-deep', 'sec-deep']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('visible');
    expect(text).toContain('[redacted]');
  });

  it('redacts in child logger bindings too', () => {
    const { lines, stream } = capture();
    const log = createLogger({ log: { level: 'info' } }, stream).child({ module: 'auth', token: 'bound-token' });
    log.warn({ user: { password: 'child-secret' } }, 'x');
    expect(lines[0]).not.toContain('child-secret');
    expect(lines[0]).not.toContain('bound-token');
    expect(lines[0]).toContain('"module":"auth"');
  });

  it('respects the configured level', () => {
    const { lines, stream } = capture();
    const log = createLogger({ log: { level: 'warn' } }, stream);
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud']);
  });
});
