/**
 * The renderer is served from a custom privileged scheme rather than file:// so that it has one
 * fixed origin: every file:// page shares the opaque "file" origin, which would let any local HTML
 * file pass an origin check, and file:// pages can read other local files. `outpost://app` is an
 * origin that only our protocol handler can serve, so IPC sender checks, navigation guards and the
 * CSP's 'self' all mean "the bundled renderer" and nothing else.
 */
export const APP_SCHEME = 'outpost';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The root, not /index.html: the client-side router treats the path as a route. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/** Parses `url`, or returns null when it is not a URL at all. */
export function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]` of a URL, lowercased, or null. Node's URL reports the origin of any
 * scheme it does not know as "null", so the origin is rebuilt from its parts; URLs carrying
 * credentials never match an origin.
 */
export function originOf(url: unknown): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when `url` belongs to the app's own origin. */
export function isAppUrl(url: unknown, appOrigin: string = APP_ORIGIN): boolean {
  return originOf(url) === appOrigin.toLowerCase();
}
