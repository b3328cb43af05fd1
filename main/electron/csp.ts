/**
 * The renderer's Content-Security-Policy. It talks to the Core over IPC only, so nothing remote is
 * ever needed: scripts, styles and connections stay on our own origin, and data:/blob: images
 * cover map thumbnails and previews built in the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export type ResponseHeaders = Record<string, string | string[]>;

/**
 * Response headers with our CSP in place of any the response brought: a server-sent, looser
 * policy must not win, so existing CSP headers are dropped whatever their casing.
 */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
