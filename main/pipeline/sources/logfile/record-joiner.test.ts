import { describe, expect, it } from 'vitest';
import { RecordJoiner, type JoinOptions } from './record-joiner.js';

function join(lines: string[], options: JoinOptions = { maxLines: 200 }): string[] {
  const joiner = new RecordJoiner(options);
  const records: string[] = [];
  let offset = 0;
  for (const text of lines) {
    const done = joiner.push({ text, start: offset, end: offset + text.length + 1 });
    offset += text.length + 1;
    if (done) records.push(done.lines.join('\n'));
  }
  const last = joiner.flush();
  if (last) records.push(last.lines.join('\n'));
  return records;
}

describe('RecordJoiner', () => {
  it('keeps a chained Python exception in one record', () => {
    const chained = [
      'ERROR sync failed',
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      "KeyError: 'site'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 3, in g',
      'RuntimeError: no site',
    ];
    expect(join([...chained, 'INFO next'])).toEqual([chained.join('\n'), 'INFO next']);
  });

  it('uses a configured start pattern instead of the stack-trace rules', () => {
    const lines = ['[2024-05-01] first', 'no indent, still first', '[2024-05-02] second'];
    expect(join(lines, { startPattern: /^\[\d{4}-/, maxLines: 200 })).toEqual([
      '[2024-05-01] first\nno indent, still first',
      '[2024-05-02] second',
    ]);
  });

  it('starts a new record once maxLines is reached', () => {
    expect(join(['ERROR x', '\tat a', '\tat b', '\tat c'], { maxLines: 2 })).toEqual([
      'ERROR x\n\tat a',
      '\tat b\n\tat c',
    ]);
  });
});
