import type { Session } from 'electron';
import { isAppUrl } from './app-origin.js';

/**
 * Web permissions our own pages may use; everything else (camera, microphone, geolocation,
 * notifications, clipboard reads, MIDI, HID/serial/USB, ...) is denied.
 * - `clipboard-sanitized-write`: copy buttons (WireGuard public keys, configs, ids). Write-only
 *   and sanitised, so a page cannot read what the user copied elsewhere.
 * - `fullscreen`: the site map on a control-room wall display.
 * Web notifications stay denied: alerts are shown by the main process (notifications.ts), which
 * needs no renderer permission.
 */
const GRANTED = new Set(['clipboard-sanitized-write', 'fullscreen']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl);
}

/** Deny-by-default handlers for one session. */
export function installPermissionHandlers(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
  // WebHID, Web Serial and WebUSB: no page of ours talks to devices directly.
  session.setDevicePermissionHandler(() => false);
}
