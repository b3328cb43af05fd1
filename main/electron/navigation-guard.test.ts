import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, isAllowedNavigation } from './navigation-guard.js';

describe('isAllowedNavigation', () => {
  it.each(['outpost://app/index.html', 'outpost://app/', 'outpost://app/sites/01H?tab=map#top', 'OUTPOST://APP/x'])(
    'allows our own origin: %s',
    (url) => expect(isAllowedNavigation(url)).toBe(true),
  );

  it.each([
    'https://example.com/',
    'http://127.0.0.1:4870/',
    'file:///etc/passwd',
    'file:///C:/Windows/system32/calc.exe',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:outpost://app/123',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'outpost://evil/index.html',
    'outpost://app.evil.com/',
    'outpost://app:8080/',
    'outpost://user:pass@app/',
    'outpost:app/index.html',
    'smb://server/share',
    'vscode://file/etc/passwd',
    '',
    'not a url',
  ])('blocks %s', (url) => expect(isAllowedNavigation(url)).toBe(false));

  it('blocks values that are not strings', () => {
    expect(isAllowedNavigation(undefined)).toBe(false);
    expect(isAllowedNavigation({ toString: () => 'outpost://app/' })).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('passes http and https links, normalised', () => {
    expect(externalUrlToOpen('https://docs.example.com/a b')).toBe('https://docs.example.com/a%20b');
    expect(externalUrlToOpen('http://example.com')).toBe('http://example.com/');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'outpost://app/index.html',
    'mailto:someone@example.com',
    'ms-msdt:/id PCWDiagnostic',
    'smb://server/share',
    'ftp://example.com/',
    'https://user:secret@example.com/',
    'https//missing-colon.com',
    '',
  ])('refuses %s', (url) => expect(externalUrlToOpen(url)).toBeNull());
});
