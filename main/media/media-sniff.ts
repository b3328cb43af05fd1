/**
 * What a file really is, from its first bytes. Senders mislabel uploads (or lie about them); the
 * blob store keeps only what it can later serve and thumbnail: JPEG, PNG and MP4.
 */
export const SUPPORTED_MEDIA_TYPES = ['image/jpeg', 'image/png', 'video/mp4'] as const;
export type SupportedMediaType = (typeof SUPPORTED_MEDIA_TYPES)[number];

/** Bytes needed to tell every supported type apart. */
export const SNIFF_BYTES = 12;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISO-BMFF brands that are still images, not video. */
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

/**
 * The media type of a file from its first bytes: one of SUPPORTED_MEDIA_TYPES, or a name for what
 * else was recognised (`video/quicktime`, `image/heif`, `image/gif`, …) so errors can say what was
 * found, or null when the bytes match nothing known.
 */
export function sniffMediaType(head: Buffer): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12);
    if (brand === 'qt  ') return 'video/quicktime';
    if (IMAGE_BRANDS.has(brand)) return brand.startsWith('avi') ? 'image/avif' : 'image/heif';
    return 'video/mp4';
  }
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return 'image/gif';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
  if (head.length >= 4 && head.toString('latin1', 0, 4) === '%PDF') return 'application/pdf';
  return null;
}

const ALIASES: Record<string, SupportedMediaType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
};

/** A declared Content-Type without parameters, lower-cased, aliases resolved; '' when it says nothing. */
export function declaredMediaType(contentType: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/octet-stream' || type === 'binary/octet-stream') return '';
  return ALIASES[type] ?? type;
}

export function isSupportedMediaType(type: string): type is SupportedMediaType {
  return (SUPPORTED_MEDIA_TYPES as readonly string[]).includes(type);
}
