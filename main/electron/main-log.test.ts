import { describe, expect, it } from 'vitest';
import { createMainLog, formatLogLine } from './main-log.js';

describe('main process log', () => {
  it('writes pino-shaped JSON lines', () => {
    const line = JSON.parse(formatLogLine('warn', 'Blocked a navigation', { url: 'https://x' }, 5));
    expect(line).toEqual({
      level: 40,
      time: 5,
      app: 'outpost',
      module: 'electron',
      url: 'https://x',
      msg: 'Blocked a navigation',
    });
  });

  it('turns errors into plain objects', () => {
    const lines: string[] = [];
    createMainLog((l) => lines.push(l)).error('failed', { err: new TypeError('bad') });
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: 'TypeError', message: 'bad' });
  });
});
