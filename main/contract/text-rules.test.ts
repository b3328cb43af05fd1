import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOrThrow } from './method.js';
import { OutpostError } from './errors.js';
import {
  Base64File,
  Base64FileField,
  FileBytesField,
  SingleLine,
  replaceUnsafeText,
  textProblem,
  withTextRule,
} from './text-rules.js';

function issues(schema: z.ZodType, value: unknown) {
  try {
    parseOrThrow(schema, value);
  } catch (err) {
    if (err instanceof OutpostError) return err.issues;
    throw err;
  }
  return [];
}

describe('the text rule', () => {
  it('accepts ordinary text in any script, emoji included', () => {
    for (const text of ['Gate 4', 'Zürich — Nord', '東京倉庫', 'שער צפוני', 'ok 👍', '']) {
      expect(textProblem(text, 'line'), text).toBeNull();
    }
    expect(textProblem('line 1\n\tline 2\r\n', 'text')).toBeNull();
  });

  it('refuses controls, bidi overrides and isolates, and lone surrogates, naming the character', () => {
    expect(textProblem('a\u0000b', 'text')).toMatch(/control characters \(U\+0000\)/);
    expect(textProblem('a\u001bb', 'text')).toMatch(/U\+001B/);
    expect(textProblem('a\u0085b', 'text')).toMatch(/U\+0085/);
    for (const bidi of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`x${bidi}y`, 'text')).toMatch(/bidirectional override or isolate/);
    }
    expect(textProblem('a\uD800b', 'text')).toMatch(/lone surrogate, U\+D800/);
    expect(textProblem('a\uDC00', 'text')).toMatch(/lone surrogate, U\+DC00/);
  });

  it('keeps names to one line', () => {
    expect(textProblem('a\nb', 'line')).toMatch(/one line/);
    expect(textProblem('a\tb', 'line')).toMatch(/one line/);
    expect(textProblem('a\u2028b', 'line')).toMatch(/one line/);
  });

  it('checks every string of an input, keys included, with their paths, and reports a name once', () => {
    const schema = withTextRule(
      z.object({ name: SingleLine(20), config: z.record(z.string(), z.unknown()), tags: z.array(z.string()) }).strict(),
    );
    expect(
      issues(schema, {
        name: 'Gate\u202E1',
        config: { nested: { deep: 'x\u0000' }, 'bad\u0007key': 1 },
        tags: ['ok', '\uD83D'],
      }),
    ).toEqual([
      { path: 'name', message: expect.stringMatching(/U\+202E/) },
      { path: 'config.nested.deep', message: expect.stringMatching(/U\+0000/) },
      { path: 'config.bad\u0007key', message: expect.stringMatching(/field name that must not contain control/) },
      { path: 'tags.1', message: expect.stringMatching(/lone surrogate/) },
    ]);
    expect(issues(schema, { name: '  Gate 1 ', config: { text: 'two\nlines' }, tags: [] })).toEqual([]);
  });

  it('leaves files alone: base64 is decoded strictly where the file is checked, bytes are not text', () => {
    const schema = withTextRule(
      z.object({ name: SingleLine(20), contentBase64: Base64FileField(100, 'too large'), content: FileBytesField }),
    );
    // Not base64 either; refusing it is the decoder's job, off the event loop, not a scan here.
    const parsed = parseOrThrow(schema, { name: 'plan', contentBase64: 'QUFB\u0000', content: new Uint8Array([0, 7]) });
    expect(parsed.contentBase64).toBeInstanceOf(Base64File);
    expect(parsed.contentBase64.base64).toBe('QUFB\u0000');
    expect(parsed.contentBase64.decodedBytes).toBe(3);
    expect(issues(schema, { name: 'plan', contentBase64: 'x'.repeat(101), content: new Uint8Array() })).toEqual([
      { path: 'contentBase64', message: 'too large' },
    ]);
    expect(issues(schema, { name: 'plan', contentBase64: '', content: 'bytes?' })).toEqual([
      { path: 'content', message: 'must be the file’s bytes' },
    ]);
  });

  it('replaces what it refuses with U+FFFD, counting, for text that must be kept', () => {
    expect(replaceUnsafeText('a\u0000b\u202Ec\uD800d\te\nf')).toEqual({
      text: 'a\uFFFDb\uFFFDc\uFFFDd\te\nf',
      replaced: 3,
    });
    expect(replaceUnsafeText('clean 😀')).toEqual({ text: 'clean 😀', replaced: 0 });
  });
});
