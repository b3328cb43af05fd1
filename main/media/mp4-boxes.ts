import { open } from 'node:fs/promises';

/**
 * Whether an MP4's index (`moov`) comes before its media data (`mdat`), read from the top-level
 * box headers only (8 or 16 bytes each, a few reads for any file size). A player needs the index
 * to seek; at the end, it must download the whole clip first. null: neither box was found (not an
 * MP4 the browser could play anyway; ffprobe decides about those).
 */
export async function indexAtFront(path: string): Promise<boolean | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(16);
    for (let at = 0, boxes = 0; at + 8 <= size && boxes < 1000; boxes++) {
      const { bytesRead } = await file.read(header, 0, 16, at);
      if (bytesRead < 8) return null;
      const type = header.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1 && bytesRead >= 16) boxSize = Number(header.readBigUInt64BE(8));
      // 0 means "to the end of the file": nothing follows it.
      if (boxSize < 8) return null;
      at += boxSize;
    }
    return null;
  } finally {
    await file.close();
  }
}
