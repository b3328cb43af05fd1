import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMasker, maskMessage, maskWithValues } from './masking.js';
import { loadLoghub } from './test-support/grouping-accuracy.js';
import { loghubDir } from './test-support/miner-accuracy.js';

describe('maskMessage', () => {
  it.each([
    ['numbers', 'retry 3 of 10 after 2.5 s', 'retry <*> of <*> after <*> s'],
    ['negative numbers and units', 'offset -42, took 40000ms, used 95%', 'offset <*>, took <*>, used <*>'],
    ['hex with 0x', 'fault at 0x7fff5fbff8c8 code 0xDEAD', 'fault at <*> code <*>'],
    ['bare hex with a digit', 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 pushed', 'commit <*> pushed'],
    ['UUIDs', 'job 123e4567-e89b-12d3-a456-426614174000 done', 'job <*> done'],
    ['IPv4 with port', 'peer 10.0.0.12:5432 refused', 'peer <*> refused'],
    ['IPv6', 'from fe80::1ff:fe23:4567:890a and [::1]:8080', 'from <*> and <*>'],
    ['MAC addresses', 'link up 00:1A:2B:3C:4D:5E', 'link up <*>'],
    ['paths', 'open /var/log/app.log failed, see C:\\logs\\a.txt', 'open <*> failed, see <*>'],
    ['URLs', 'GET https://example.com/a?b=1 ok', 'GET <*> ok'],
    ['emails', 'mail to ops@example.org bounced', 'mail to <*> bounced'],
    ['double-quoted strings', 'file "my report.pdf" saved', 'file <*> saved'],
    ['single-quoted strings', "service 'worker pool' started", 'service <*> started'],
    ['key=value values', 'login user=alice uid=1000 tty=ssh', 'login user=<*> uid=<*> tty=<*>'],
    ['ISO timestamps', 'since 2024-03-01T12:30:45.123Z', 'since <*>'],
    ['dates with a time', 'at 2015-10-18 18:01:47,978 ok', 'at <*> ok'],
    ['times of day', 'backup at 03:15:00 done', 'backup at <*> done'],
    ['ctime dates with weekday and month names', 'backup ran at Tue Mar 05 23:10:44 2024 ok', 'backup ran at <*> ok'],
    ['syslog dates', 'Nov 3 04:15:09 relay accepted', '<*> relay accepted'],
    ['RFC 2822 dates', 'Date: Wed, 13 Aug 2025 08:00:00 GMT sent', 'Date: <*> sent'],
    ['access-log dates', '[13/Aug/2025:08:00:00 +0200] GET', '[<*>] GET'],
    ['dates with a full month name', 'due September 30, 2026 for renewal', 'due <*> for renewal'],
    ['numeric dates with a time', 'built 12/31/2024 23:59 and 31.12.2024', 'built <*> and <*>'],
    ['paths with spaces in brackets', 'load (C:\\Program Files\\Acme Suite\\acme.ini) done', 'load (<*>) done'],
    ['placeholders an earlier stage wrote', 'login from <ip> as <email>', 'login from <*> as <*>'],
    ['block ids', 'Deleting block blk_-1608999687919862906 file', 'Deleting block blk_<*> file'],
    ['ids joined by underscores', 'container_1445_0020_01_000001 exited', 'container_<*>_<*>_<*>_<*> exited'],
  ])('masks %s', (_rule, line, masked) => {
    expect(maskMessage(line)).toBe(masked);
  });

  it('keeps words that merely contain digits or look like hex', () => {
    expect(maskMessage('eth0 on node-12 via ssh2: decade cafe')).toBe('eth0 on node-<*> via ssh2: decade cafe');
  });

  it('keeps a month or weekday name that is not part of a date', () => {
    expect(maskMessage('May I retry? Sun shade closed in March')).toBe('May I retry? Sun shade closed in March');
  });

  it('keeps brackets that hold words, not a path', () => {
    expect(maskMessage('pump (primary loop) stopped')).toBe('pump (primary loop) stopped');
  });

  it('keeps apostrophes inside words and empty key= values', () => {
    expect(maskMessage("can't open, logname= ruser=")).toBe("can't open, logname= ruser=");
  });

  it('applies extra masks before the built-in rules', () => {
    expect(maskMessage('ticket INC-0042 opened', [{ name: 'ticket', pattern: 'INC-\\d+' }])).toBe('ticket <*> opened');
  });

  it('rejects an extra mask that is not a regular expression, naming it', () => {
    expect(() => maskMessage('x', [{ name: 'broken', pattern: '(' }])).toThrow(/broken/);
  });
});

describe('maskWithValues', () => {
  it('returns the original text of every mask in order, values of key=value included', () => {
    const masker = compileMasker();
    expect(maskWithValues('rhost=10.0.0.1 port 22 file "a b"', masker)).toEqual({
      masked: 'rhost=<*> port <*> file <*>',
      values: ['10.0.0.1', '22', '"a b"'],
    });
  });

  it('treats a literal <*> in the input as a value', () => {
    expect(maskWithValues('got <*> and 5', compileMasker())).toEqual({
      masked: 'got <*> and <*>',
      values: ['<*>', '5'],
    });
  });
});

describe('extra masks with their own capture groups', () => {
  it('still keep the key of key=value', () => {
    expect(maskMessage('id AB-12 user=bob', [{ name: 'ids', pattern: '(AB)-(\\d+)' }])).toBe('id <*> user=<*>');
  });
});

describe('compileMasker: rules tried inside words', () => {
  // An extra mask that never matches: the masker is then built as one plain list of every rule.
  const plain = compileMasker([{ name: 'never', pattern: '(?!)' }]);
  const fast = compileMasker();
  /** The line as each masker gives it back, to compare whole. */
  const both = (line: string) => [maskWithValues(line, fast), maskWithValues(line, plain)] as const;

  it('masks values glued to a word exactly as the full list of rules does', () => {
    const lines = [
      'user<*>x said x"quoted text" and ab"c"',
      'x_ab-c@d.com wrote to id+tag@example.org, from <ip>:80-c@d.com',
      'node[::1]:8080 and host[fe80::1]',
      'port:8080 ip=10.0.0.1:22 path=/var/log/x since 2024-03-01T12:30:45Z',
      "blk_-123 node-12 v1.2.3 0x1F 'quoted' don't (C:\\Program Files\\App) [/Users/Jane Doe/notes]",
      'Fri Jun 17 07:07:00 2005 17/Jun/2005:07:07:00 +0000 abc123def4567890',
    ];
    for (const line of lines) {
      const [split, whole] = both(line);
      expect({ line, ...split }).toEqual({ line, ...whole });
    }
  });

  it('masks every line of the LogHub samples exactly as the full list of rules does', () => {
    const dir = loghubDir(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'));
    if (!existsSync(dir)) throw new Error(`the labelled LogHub samples are missing: expected them in ${dir}`);
    const lines = loadLoghub(dir).flatMap((system) => system.lines.map((l) => l.content));
    expect(lines.length).toBeGreaterThan(10_000);
    const differing = lines.filter((line) => {
      const [split, whole] = both(line);
      return split.masked !== whole.masked || split.values.join('\n') !== whole.values.join('\n');
    });
    expect(differing).toEqual([]);
  });
});
