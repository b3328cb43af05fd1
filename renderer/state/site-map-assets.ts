/**
 * Asset contents arrive as base64 over the API (`sitemap.assetContent`): the same call works over
 * HTTP and IPC, and `<img src>` could not carry the session's token anyway.
 */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An SVG is text; a BOM or invalid UTF-8 is replaced rather than refused (the Core checked it already). */
export function base64ToText(base64: string): string {
  return new TextDecoder('utf-8').decode(base64ToBytes(base64));
}

/** A `blob:` URL for an image; the caller revokes it when it is replaced. */
export function base64ToObjectUrl(base64: string, contentType: string): string {
  return URL.createObjectURL(new Blob([base64ToBytes(base64)], { type: contentType }));
}
