import type { MediaRef } from '../../event-types.js';

export interface SniffedMedia {
  contentType: string;
  kind: MediaRef['kind'];
}

/** Bytes needed to tell the supported formats apart. */
export const SNIFF_BYTES = 12;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What a file really is, from its first bytes; the extension a camera gives is not trusted.
 * main/media has no shared sniffer yet, and three signatures do not justify a dependency.
 */
export function sniffMedia(head: Buffer): SniffedMedia | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return { contentType: 'image/jpeg', kind: 'snapshot' };
  }
  if (head.length >= PNG.length && head.subarray(0, PNG.length).equals(PNG)) {
    return { contentType: 'image/png', kind: 'snapshot' };
  }
  // ISO base media: a box size, then "ftyp" (MP4, and the MOV files some cameras name .mp4).
  if (head.length >= 8 && head.toString('latin1', 4, 8) === 'ftyp') {
    return { contentType: 'video/mp4', kind: 'clip' };
  }
  return undefined;
}
