import { isAppUrl, parseUrl } from './app-origin.js';

/** The main window may only ever show our own pages; everything else is blocked. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/**
 * The URL to hand to the system browser for a link the renderer tried to open in a new window,
 * or null to drop it. Only plain http(s) links with a host and no embedded credentials qualify:
 * file:, javascript:, data:, smb: and custom schemes could run local programs or handlers.
 */
export function externalUrlToOpen(url: unknown): string | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
