import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from './permissions.js';

describe('isPermissionGranted', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'display-capture',
    'midi',
    'midiSysex',
    'openExternal',
    'hid',
    'serial',
    'usb',
    'unknown',
    'pointerLock',
  ])('denies %s, even to our own pages', (permission) => {
    expect(isPermissionGranted(permission, 'outpost://app/index.html')).toBe(false);
  });

  it('grants copy and fullscreen to our own pages only', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'outpost://app/index.html')).toBe(true);
    expect(isPermissionGranted('fullscreen', 'outpost://app')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(isPermissionGranted('fullscreen', 'file:///index.html')).toBe(false);
    expect(isPermissionGranted('fullscreen', undefined)).toBe(false);
  });
});
