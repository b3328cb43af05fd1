import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubArgument, hubConsoleOrigin, isHubConsoleNavigation, rememberedHub, rememberHub } from './hub-console.js';

describe('the hub console’s address', () => {
  it.each([
    ['https://hub.example.com:8443/some/page?x=1', 'https://hub.example.com:8443'],
    ['  HTTPS://Hub.Example.com/ ', 'https://hub.example.com'],
    ['http://198.18.0.1:4870', 'http://198.18.0.1:4870'],
    ['http://127.0.0.1:4870/', 'http://127.0.0.1:4870'],
    ['http://10.2.3.4', 'http://10.2.3.4'],
    ['http://[fd00::1]:4870', 'http://[fd00::1]:4870'],
  ])('takes %s as %s', (input, origin) => expect(hubConsoleOrigin(input)).toBe(origin));

  it.each([
    ['hub.example.com', /not a hub address/],
    ['file:///etc/passwd', /not a hub address/],
    ['javascript:alert(1)', /not a hub address/],
    ['outpost://app/', /not a hub address/],
    ['https://admin:secret@hub.example.com', /must not carry a user name or password/],
    ['http://hub.example.com', /use https, or the hub’s tunnel address/],
    ['http://8.8.8.8', /use https/],
    ['http://198.20.0.1', /use https/],
  ])('refuses %s, saying what to fix', (input, message) => expect(() => hubConsoleOrigin(input)).toThrow(message));
});

describe('navigation in the hub console', () => {
  const origin = 'https://hub.example.com:8443';
  it('stays on the hub’s own pages', () => {
    expect(isHubConsoleNavigation(origin, 'https://hub.example.com:8443/events?site=01H')).toBe(true);
    expect(isHubConsoleNavigation(origin, 'https://hub.example.com/')).toBe(false);
    expect(isHubConsoleNavigation(origin, 'https://evil.example/')).toBe(false);
    expect(isHubConsoleNavigation(origin, 'outpost://app/')).toBe(false);
    expect(isHubConsoleNavigation(origin, 'https://x:y@hub.example.com:8443/')).toBe(false);
  });
});

describe('the --hub argument', () => {
  it('is read in both spellings, and absent otherwise', () => {
    expect(hubArgument(['/opt/Outpost/outpost', '--hub=https://hub.example.com'])).toBe('https://hub.example.com');
    expect(hubArgument(['outpost', '--hub', 'https://hub.example.com'])).toBe('https://hub.example.com');
    expect(hubArgument(['outpost', '--hub'])).toBeUndefined();
    expect(hubArgument(['outpost'])).toBeUndefined();
  });
});

describe('the remembered hub', () => {
  it('is the last one opened, and nothing when the file is missing, broken or names a bad address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-hub-console-'));
    try {
      const file = join(dir, 'hub-console.json');
      expect(rememberedHub(file)).toBeUndefined();
      rememberHub(file, 'https://hub.example.com');
      expect(rememberedHub(file)).toBe('https://hub.example.com');
      writeFileSync(file, '{"origin": "http://hub.example.com"}');
      expect(rememberedHub(file)).toBeUndefined();
      writeFileSync(file, 'not json');
      expect(rememberedHub(file)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
