import { describe, expect, it } from 'vitest';
import { OutpostError } from '../../contract/index.js';
import type { NormalizedEvent } from './normalize.js';
import { createRedactor } from './redact.js';
import { passesLuhn } from './card-numbers.js';

function event(message: string, attributes: Record<string, unknown> = {}): NormalizedEvent {
  return {
    externalId: null,
    time: 1,
    receivedAt: 1,
    message,
    severity: 'info',
    kind: 'log',
    device: '10.0.0.9',
    label: null,
    attributes,
    media: [],
    textReplaced: 0,
  };
}

const redact = createRedactor();
const text = (message: string) => redact(event(message)).message;

describe('createRedactor built-ins', () => {
  it('replaces email addresses', () => {
    const out = redact(event('login failed for Jane.Doe+ops@example.co.uk from the gate'));
    expect(out.message).toBe('login failed for <email> from the gate');
    expect(out.redactions).toEqual({ email: 1 });
    expect(text('mail to a@b.io, c_d@mail.example.org.')).toBe('mail to <email>, <email>.');
  });

  it('replaces IPv4 addresses but not versions or dotted numbers', () => {
    expect(text('connect to 192.168.1.20:554 failed')).toBe('connect to <ip>:554 failed');
    expect(text('route 10.0.0.0/8 via 172.16.0.1.')).toBe('route <ip>/8 via <ip>.');
    expect(text('firmware v1.2.3.4 loaded')).toBe('firmware v1.2.3.4 loaded');
    expect(text('value 1.2.3.4.5 and 300.1.1.1')).toBe('value 1.2.3.4.5 and 300.1.1.1');
  });

  it('replaces IPv6 and MAC addresses but not times or code paths', () => {
    expect(text('peer 2001:db8:85a3::8a2e:370:7334 up')).toBe('peer <ip> up');
    expect(text('peer [fe80::1ff:fe23:4567:890a]:51820')).toBe('peer [<ip>]:51820');
    expect(text('full 2001:0db8:0000:0000:0000:ff00:0042:8329 x')).toBe('full <ip> x');
    expect(text('mapped ::ffff:192.0.2.128 ok')).toBe('mapped <ip> ok');
    expect(text('at 12:30:45 mac 00:1a:2b:3c:4d:5e')).toBe('at 12:30:45 mac <mac>');
    expect(text('panic in std::vector::push and core::fmt')).toBe('panic in std::vector::push and core::fmt');
  });

  it('replaces card numbers that pass the Luhn check, with spaces or dashes', () => {
    expect(text('paid with 4111 1111 1111 1111 today')).toBe('paid with <card> today');
    expect(text('card=5555-5555-5555-4444')).toBe('card=<card>');
    expect(text('amex 378282246310005')).toBe('amex <card>');
    expect(text('disc 6011111111111117.')).toBe('disc <card>.');
    const out = redact(event('two: 4012888888881881 and 4222222222222'));
    expect(out.message).toBe('two: <card> and <card>');
    expect(out.redactions).toEqual({ card: 2 });
  });

  it('leaves numbers that fail the Luhn check or cannot be cards', () => {
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(text('order 4111 1111 1111 1112 shipped')).toBe('order 4111 1111 1111 1112 shipped');
    expect(text('ts=1714560000000 seq 123456789012')).toBe('ts=1714560000000 seq 123456789012');
    expect(text('id 41111111111111111111111')).toBe('id 41111111111111111111111');
    expect(text('2024-05-01 10:22:33 rotated 3 files')).toBe('2024-05-01 10:22:33 rotated 3 files');
  });

  it('replaces Authorization and Bearer credentials, keeping the scheme', () => {
    expect(text('Authorization: Bearer eyJhbGciOi.abc.def')).toBe('Authorization: Bearer <secret>');
    expect(text('headers {"authorization":"Basic dXNlcjpwYXNz"}')).toBe('headers {"authorization":"Basic <secret>"}');
    expect(text('sent bearer abcdef0123456789XYZ to api')).toBe('sent bearer <secret> to api');
  });

  it('replaces values of key=, token=, password=, secret= and JSON fields', () => {
    expect(text('GET /cb?code=1&token=abc123XYZ&x=1')).toBe('GET /cb?code=1&token=<secret>&x=1');
    expect(text('db password=hunter2 user=admin')).toBe('db password=<secret> user=admin');
    expect(text('api_key: 9f8e7d host=a')).toBe('api_key: <secret> host=a');
    expect(text('client_secret="s3 cr3t" ok')).toBe('client_secret="<secret>" ok');
    expect(text('{"apiKey":"k-123","name":"x"}')).toBe('{"apiKey":"<secret>","name":"x"}');
    expect(text("SECRET='abc'")).toBe("SECRET='<secret>'");
  });

  it('replaces AWS access keys, JWTs and long hex or base64 secrets', () => {
    expect(text('using AKIAIOSFODNN7EXAMPLE for s3')).toBe('using <secret> for s3');
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(text(`session ${jwt} expired`)).toBe('session <secret> expired');
    expect(text('hmac 9b74c9897bac770ffc029102a200c5de7c3d2a1f4e5b6c7d8e9f0a1b2c3d4e5f done')).toBe(
      'hmac <secret> done',
    );
    expect(text('blob wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9z3 sent')).toBe('blob <secret> sent');
  });

  it('leaves ordinary text alone', () => {
    const samples = [
      'token expired for the gate camera, retrying',
      'Authentication succeeded after 3 attempts',
      'write /var/lib/outpost/blobs/sha256/ab/cdef0123 failed: ENOSPC',
      'java.lang.IllegalStateException at com.example.camera.StreamController.reconnect(StreamController.java:88)',
      'AbstractSingletonProxyFactoryBeanConfigurationLoaderImplementation started',
      'uuid 123e4567-e89b-12d3-a456-426614174000 processed in 12 ms',
      'temperature 21.5 C at 2024-05-01T10:22:33Z, 3 of 4 fans ok',
    ];
    for (const sample of samples) {
      const out = redact(event(sample));
      expect(out.message, sample).toBe(sample);
      expect(out.redactions, sample).toEqual({});
    }
  });

  it('redacts strings deep inside attributes and secret-named attributes whatever their value', () => {
    const out = redact(
      event('x', {
        user: { email: 'ops@example.com', logins: [{ from: '10.1.2.3' }, 7] },
        password: 'plain words',
        'x-auth-token': 12345,
        count: 3,
        tags: ['gate', null, true],
      }),
    );
    expect(out.attributes).toEqual({
      user: { email: '<email>', logins: [{ from: '<ip>' }, 7] },
      password: '<secret>',
      'x-auth-token': '<secret>',
      count: 3,
      tags: ['gate', null, true],
    });
    expect(out.redactions).toEqual({ email: 1, ipv4: 1, secrets: 2 });
  });

  it('leaves the device name and the input event untouched', () => {
    const input = event('from 10.0.0.1', { ip: '10.0.0.2' });
    const out = redact(input);
    expect(out.device).toBe('10.0.0.9');
    expect(input.message).toBe('from 10.0.0.1');
    expect(input.attributes).toEqual({ ip: '10.0.0.2' });
  });

  it('gets through pathological 64 KiB lines (no catastrophic backtracking)', () => {
    const nasty = [
      'a.'.repeat(32_000),
      `${'x'.repeat(30_000)}@${'a.'.repeat(15_000)}`,
      '1.'.repeat(32_000),
      'ab:'.repeat(21_000),
      'password'.repeat(8000),
      'key="'.repeat(13_000),
      '4 '.repeat(32_000),
      'aB3/'.repeat(16_000),
    ];
    for (const message of nasty) expect(redact(event(message)).message.length).toBeGreaterThan(0);
  });

  it('is idempotent', () => {
    const once = redact(event('password=abc mail a@b.io ip 10.0.0.1 Authorization: Bearer abcdefghijk'));
    const twice = redact(event(once.message));
    expect(twice.message).toBe(once.message);
    expect(twice.redactions).toEqual({});
  });
});

describe('createRedactor options', () => {
  it('applies user patterns first, with their own replacement and count', () => {
    const r = createRedactor({
      patterns: [
        { name: 'badge', pattern: 'BADGE-\\d{6}', replacement: '<badge>' },
        { name: 'plate', pattern: '[a-z]{2}-\\d{3}', flags: 'i' },
      ],
    });
    const out = r(event('BADGE-123456 opened gate for AB-123 and ab-999'));
    expect(out.message).toBe('<badge> opened gate for <plate> and <plate>');
    expect(out.redactions).toEqual({ badge: 1, plate: 2 });
  });

  it('replaces phone numbers as people write them, and not dates, times, versions or plain counts', () => {
    expect(text('call +44 20 7946 0958 now')).toBe('call <phone> now');
    expect(text('sms to +1-555-010-0199.')).toBe('sms to <phone>.');
    expect(text('desk (555) 010-0199 or 555.010.0199')).toBe('desk <phone> or <phone>');
    expect(text('on 2024-01-15 at 10:15:30 v1.2.3 moved 1234567 rows')).toBe(
      'on 2024-01-15 at 10:15:30 v1.2.3 moved 1234567 rows',
    );
  });

  it("follows a source's choice: secrets always, personal data by default, device addresses only when asked", () => {
    const line = 'alice@example.com at 10.0.0.7 (00:1a:2b:3c:4d:5e) phone +44 20 7946 0958 token=abcd1234';
    const byDefault = createRedactor({ choice: { personal: true, network: false } })(event(line));
    expect(byDefault.message).toBe('<email> at 10.0.0.7 (00:1a:2b:3c:4d:5e) phone <phone> token=<secret>');
    expect(byDefault.redactions).toEqual({ email: 1, phone: 1, secrets: 1 });
    const nothingOptional = createRedactor({ choice: { personal: false, network: false } })(event(line));
    expect(nothingOptional.message).toBe(
      'alice@example.com at 10.0.0.7 (00:1a:2b:3c:4d:5e) phone +44 20 7946 0958 token=<secret>',
    );
    const everything = createRedactor({ choice: { personal: true, network: true } })(event(line));
    expect(everything.message).toBe('<email> at <ip> (<mac>) phone <phone> token=<secret>');
  });

  it('can disable built-ins', () => {
    const r = createRedactor({ disable: ['ipv4', 'email'] });
    expect(r(event('a@b.io at 10.0.0.1 password=x')).message).toBe('a@b.io at 10.0.0.1 password=<secret>');
    expect(createRedactor({ disable: ['secrets'] })(event('x', { password: 'p' })).attributes).toEqual({
      password: 'p',
    });
  });

  it('rejects invalid patterns when created, naming the pattern and field', () => {
    const cases: [Parameters<typeof createRedactor>[0], string][] = [
      [{ patterns: [{ name: 'broken', pattern: '([a-z' }] }, 'patterns.0.pattern'],
      [{ patterns: [{ name: 'empty', pattern: 'x*' }] }, 'patterns.0.pattern'],
      [{ patterns: [{ name: 'repeat', pattern: '(\\w)\\1' }] }, 'patterns.0.pattern'],
      [{ patterns: [{ name: 'behind', pattern: '(?<=key=)\\w+' }] }, 'patterns.0.pattern'],
      [{ patterns: [{ name: 'flags', pattern: 'x', flags: 'gy' }] }, 'patterns.0.flags'],
      [{ patterns: [{ name: 'email', pattern: 'x' }] }, 'patterns.0.name'],
      [{ patterns: [{ name: 'has space', pattern: 'x' }] }, 'patterns.0.name'],
      [{ disable: ['fax'] }, 'disable'],
    ];
    for (const [options, path] of cases) {
      let caught: unknown;
      try {
        createRedactor(options);
      } catch (err) {
        caught = err;
      }
      expect(caught, path).toBeInstanceOf(OutpostError);
      expect((caught as OutpostError).code).toBe('invalid_input');
      expect((caught as OutpostError).issues?.map((i) => i.path)).toContain(path);
    }
    expect(() => createRedactor({ patterns: [{ name: 'broken', pattern: '([a-z' }] })).toThrow(/broken/);
    expect(() => createRedactor({ patterns: [{ name: 'repeat', pattern: '(\\w)\\1' }] })).toThrow(
      /uses a backreference/u,
    );
  });

  it('runs user patterns on the linear-time engine, so a catastrophic one costs one pass', () => {
    const r = createRedactor({ patterns: [{ name: 'runs', pattern: '(x+x+)+y' }] });
    const text = `${'x'.repeat(20_000)} and xxy`;
    expect(r(event(text)).message).toBe(`${'x'.repeat(20_000)} and <runs>`);
  });
});
