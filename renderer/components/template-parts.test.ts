import { describe, expect, it } from 'vitest';
import { templateLine, templateParts } from './template-parts.js';

describe('template parts', () => {
  it('turns the varying parts and redaction placeholders into parts of their own', () => {
    expect(templateParts('Disk <*> on <*> is <*>% full')).toEqual([
      { kind: 'text', text: 'Disk ' },
      { kind: 'variable' },
      { kind: 'text', text: ' on ' },
      { kind: 'variable' },
      { kind: 'text', text: ' is ' },
      { kind: 'variable' },
      { kind: 'text', text: '% full' },
    ]);
    expect(templateParts('login by <email> from <ip>')).toEqual([
      { kind: 'text', text: 'login by ' },
      { kind: 'redacted', what: 'e-mail' },
      { kind: 'text', text: ' from ' },
      { kind: 'redacted', what: 'IP address' },
    ]);
  });

  it('reads as one line without angle brackets', () => {
    expect(templateLine('Camera <*> lost signal for <*> s')).toBe('Camera … lost signal for … s');
    expect(templateLine('token=<secret>')).toBe('token=[secret]');
    expect(templateLine('a < b and c > d')).toBe('a < b and c > d');
  });
});
