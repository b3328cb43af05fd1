import type { MediaMeta } from '../contract/index.js';

/** A media file already written to the blob store (content-addressed by SHA-256). */
export interface MediaRef {
  kind: 'snapshot' | 'clip';
  sha256: string;
  contentType: string;
  size: number;
  /** What ffprobe found (duration, codec, size), when the media slice checked the file. */
  meta?: MediaMeta;
}

/** What a source may do with the blob store: write a snapshot or clip that comes with an event. */
export interface BlobWriter {
  /** Writes atomically, content-addressed; returns the reference to attach to an event. */
  put(data: Buffer | NodeJS.ReadableStream, contentType: string, kind: MediaRef['kind']): Promise<MediaRef>;
}
