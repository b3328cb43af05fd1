import type { Readable } from 'node:stream';
import { OutpostError } from '../contract/index.js';
import { isSha256, type BlobStore } from '../media/index.js';
import type { EventMediaInfo, Store } from '../store/index.js';
import type { Session } from './core-types.js';

/** A stored snapshot or clip that the caller may read. */
export interface MediaFile extends EventMediaInfo {
  sha256: string;
  /** The bytes on disk (the ref's size could predate a re-stored file; the disk is what gets sent). */
  size: number;
}

/** What `GET /api/media/{sha256}` needs of the Core; the caller is a signed-in session. */
export interface MediaAccess {
  /**
   * The file when an event of the session's tenant references it and it is still on disk.
   * `invalid_input` for anything but 64 lower-case hex characters; `not_found` otherwise, the
   * same answer whether another tenant holds the file or nobody does.
   */
  find(session: Session, sha256: string): Promise<MediaFile>;
  /** Streams the file, or an inclusive byte range of it. */
  open(sha256: string, range?: { start: number; end: number }): Readable;
}

const notFound = () =>
  new OutpostError(
    'not_found',
    'There is no such media file for your events. It may have been removed by retention; open the event again.',
  );

export function createMediaAccess(store: Store, blobs: BlobStore): MediaAccess {
  return {
    async find(session, sha256) {
      if (!isSha256(sha256)) {
        throw new OutpostError('invalid_input', 'A media hash must be 64 lower-case hex characters (SHA-256).', {
          issues: [{ path: 'sha256', message: 'Must be 64 lower-case hex characters' }],
        });
      }
      const ref = store.eventMedia.find({ tenantId: session.tenantId }, sha256);
      if (!ref) throw notFound();
      const onDisk = await blobs.stat(sha256);
      if (!onDisk) throw notFound();
      return { ...ref, sha256, size: onDisk.size };
    },
    open: (sha256, range) => blobs.open(sha256, range),
  };
}
