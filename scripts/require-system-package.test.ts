import { describe, expect, it } from 'vitest';
import { findSystemCommand, requireSystemCommand } from './require-system-package.js';

describe('requireSystemCommand', () => {
  it('returns the path of an installed command', () => {
    expect(requireSystemCommand('sh', 'dash')).toMatch(/\/sh$/);
    expect(findSystemCommand('/bin/sh')).toBe('/bin/sh');
  });

  it('throws the one-line apt-get fix for a missing command', () => {
    expect(() => requireSystemCommand('outpost-no-such-command', 'outpost-no-such-package')).toThrow(
      new Error('outpost-no-such-command is not installed. Fix: apt-get install -y outpost-no-such-package'),
    );
    expect(findSystemCommand('/nonexistent/outpost-no-such-command')).toBeUndefined();
  });
});
