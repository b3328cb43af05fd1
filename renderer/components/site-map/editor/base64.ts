/**
 * Bytes to base64 for `sitemap.uploadAsset`. `btoa(String.fromCharCode(...bytes))` fails on big
 * files (too many call arguments) and building one huge string per byte is slow, so the bytes go
 * through in chunks whose length is a multiple of 3: each chunk then encodes without padding and
 * the pieces simply join.
 */
const CHUNK = 3 * 16_384;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const chunk = bytes.subarray(start, start + CHUNK);
    let binary = '';
    for (let i = 0; i < chunk.length; i++) binary += String.fromCharCode(chunk[i]!);
    parts.push(btoa(binary));
  }
  return parts.join('');
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}
