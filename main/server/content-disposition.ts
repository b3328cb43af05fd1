/**
 * A `Content-Disposition` that saves under `fileName`: `filename*` (RFC 6266) keeps any device name
 * intact; the plain `filename` is its ASCII fallback.
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
