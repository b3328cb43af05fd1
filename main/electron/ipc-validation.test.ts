import { describe, expect, it } from 'vitest';
import { OutpostError, TOPIC_NAMES } from '../contract/index.js';
import { APP_ORIGIN } from './app-origin.js';
import { CallMessage, checkInputSize, isTrustedSender, MAX_INPUT_BYTES, SubscribeMessage } from './ipc-validation.js';

describe('isTrustedSender', () => {
  it('trusts our top frame at our origin', () => {
    expect(isTrustedSender({ url: 'outpost://app/index.html', isTopFrame: true }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ url: 'outpost://app/sites/1#x', isTopFrame: true }, APP_ORIGIN)).toBe(true);
  });

  it('refuses iframes, even at our origin', () => {
    expect(isTrustedSender({ url: 'outpost://app/index.html', isTopFrame: false }, APP_ORIGIN)).toBe(false);
  });

  it.each([
    'https://example.com/',
    'http://localhost:4870/',
    'file:///app/dist/renderer/index.html',
    'about:blank',
    'data:text/html,x',
    'outpost://evil/',
    'outpost://app.evil/',
    'outpost://user@app/',
    '',
  ])('refuses a top frame at %s', (url) => {
    expect(isTrustedSender({ url, isTopFrame: true }, APP_ORIGIN)).toBe(false);
  });

  it('refuses a missing frame (destroyed while the message was in flight)', () => {
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
  });
});

describe('CallMessage', () => {
  it('accepts a method and any input', () => {
    expect(CallMessage.parse({ method: 'sites.list', input: {} })).toEqual({ method: 'sites.list', input: {} });
    expect(CallMessage.safeParse({ method: 'auth.login', input: { email: 'a@b.c' } }).success).toBe(true);
    expect(CallMessage.safeParse({ method: 'system.health' }).success).toBe(true);
    expect(CallMessage.safeParse({ method: 'sitemap.releases.publishRelease', input: null }).success).toBe(true);
  });

  it.each([
    ['no method', { input: {} }],
    ['a number as method', { method: 42, input: {} }],
    ['an empty method', { method: '', input: {} }],
    ['a method without a dot', { method: 'sites', input: {} }],
    ['an upper-case namespace', { method: 'Sites.list', input: {} }],
    ['a path', { method: '../sites.list', input: {} }],
    ['a trailing dot', { method: 'sites.', input: {} }],
    ['a prototype name', { method: '__proto__.x', input: {} }],
    ['spaces', { method: 'sites. list', input: {} }],
    ['a too long method', { method: `a.${'b'.repeat(99)}`, input: {} }],
    ['extra fields', { method: 'sites.list', input: {}, token: 'stolen' }],
    ['null', null],
    ['a string', 'sites.list'],
    ['an array', ['sites.list', {}]],
  ])('rejects %s', (_what, message) => {
    expect(CallMessage.safeParse(message).success).toBe(false);
  });
});

describe('SubscribeMessage', () => {
  it('accepts every known topic', () => {
    for (const topic of TOPIC_NAMES) expect(SubscribeMessage.parse({ topic })).toEqual({ topic });
  });

  it.each([{ topic: 'nope.changed' }, { topic: 42 }, {}, { topic: 'sites.changed', extra: 1 }, null, 'sites.changed'])(
    'rejects %j',
    (message) => expect(SubscribeMessage.safeParse(message).success).toBe(false),
  );
});

describe('checkInputSize', () => {
  it('lets ordinary inputs through', () => {
    expect(() => checkInputSize({ name: 'Depot', tags: [1, 2, 3] })).not.toThrow();
    expect(() => checkInputSize(undefined)).not.toThrow();
  });

  it('refuses cyclic data as invalid input', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => checkInputSize(cyclic)).toThrow(OutpostError);
    try {
      checkInputSize(cyclic);
    } catch (err) {
      expect((err as OutpostError).code).toBe('invalid_input');
    }
  });

  it('refuses inputs over the size limit', () => {
    try {
      checkInputSize({ blob: 'x'.repeat(MAX_INPUT_BYTES) });
      expect.unreachable();
    } catch (err) {
      expect((err as OutpostError).code).toBe('payload_too_large');
    }
  });
});
