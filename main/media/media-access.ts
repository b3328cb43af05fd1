import type { Readable } from 'node:stream';
import { OutpostError } from '../contract/index.js';
import type { MediaRow, Scope, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import { isSha256 } from './blob-paths.js';
import type { MediaUrlSigner } from './media-url-signer.js';
import type { Exports } from './media-export.js';

/** A stored file the caller may read, as `GET /api/media/{id}` serves it. */
export interface MediaFile {
  /** The media id, or the hash for files stored before media had ids. */
  id: string;
  sha256: string;
  kind: MediaRow['kind'];
  contentType: string;
  /** The bytes on disk (what gets sent). */
  size: number;
  /** A download name that says what it is: `gate-2024-05-01T12-00-00Z-clip.mp4`. */
  fileName: string;
}

/** What `GET /api/media/{id}` needs of the Core. */
export interface MediaAccess {
  /**
   * The file when it belongs to the caller's tenant (a session's, or a signed link's) and is on
   * disk. `not_found` otherwise, the same answer whether another tenant holds it or nobody does;
   * an archived or expired file's answer says so and what to do.
   */
  find(tenantId: string, idOrSha: string): Promise<MediaFile>;
  /** The tenant a signed link grants for this id; `unauthenticated` when it is expired or forged. */
  verifyLink(token: string, mediaId: string): Promise<{ tenantId: string }>;
  /** Streams the file, or an inclusive byte range of it. */
  open(sha256: string, range?: { start: number; end: number }): Readable;
  /** Where the file is on disk (the desktop app's protocol handler reads it there itself). */
  path(sha256: string): string;
  /** The tar of an export made by `media.export`, for its signed link. */
  openExport(exportId: string, token: string): Promise<{ fileName: string; stream: Readable }>;
  /** The export as a file below the slice's spool folder (the desktop app's downloads). */
  spoolExport(exportId: string, token: string): Promise<{ path: string; fileName: string; size: number }>;
}

/** How a request for a media file proves who it is for: a signed link (`?t=`, from media.get) or a session token. */
export interface MediaCredentials {
  link?: string | undefined;
  token?: string | undefined;
}

/**
 * The file `id` names, for whoever the credentials speak for: the tenant of a valid signed link for
 * this very id, else the session's. The one check behind `GET /api/media/{id}` and the desktop app's
 * `outpost://app/api/media/{id}`.
 */
export async function authorizedMediaFile(
  media: Pick<MediaAccess, 'find' | 'verifyLink'>,
  authenticate: (token: string | undefined) => Promise<{ tenantId: string }>,
  id: string,
  credentials: MediaCredentials,
): Promise<MediaFile> {
  const { link, token } = credentials;
  const { tenantId } =
    typeof link === 'string' && link !== '' ? await media.verifyLink(link, id) : await authenticate(token);
  return media.find(tenantId, id);
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
};

/** Media ids are ULIDs: anything else is refused before a lookup. */
const MEDIA_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function fileNameOf(row: Pick<MediaRow, 'device' | 'capturedAt' | 'kind' | 'contentType'>): string {
  const device = (row.device ?? 'media').replace(/[^\w.-]+/g, '-').slice(0, 60);
  const time = new Date(row.capturedAt)
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  return `${device}-${time}-${row.kind}.${EXTENSIONS[row.contentType] ?? 'bin'}`;
}

const notFound = () =>
  new OutpostError(
    'not_found',
    'There is no such media file for your events. Open the event again to see where it is.',
  );

export function unavailableMessage(row: MediaRow): string {
  if (row.archivedAt !== null) {
    return `This ${row.kind} is in the archive, not on this machine. Restore it from the event to play it here.`;
  }
  return `This ${row.kind} is no longer stored: ${row.removedReason ?? 'it was removed'}.`;
}

export function createMediaAccess(
  store: Store,
  blobs: BlobStore,
  signer: MediaUrlSigner,
  exports: Exports,
  spoolDir: string,
): MediaAccess {
  async function onDisk(row: MediaRow | undefined, id: string): Promise<MediaFile> {
    if (!row) throw notFound();
    if (!row.local) throw new OutpostError('not_found', unavailableMessage(row));
    const stat = await blobs.stat(row.sha256);
    if (!stat) throw notFound();
    return {
      id,
      sha256: row.sha256,
      kind: row.kind,
      contentType: row.contentType,
      size: stat.size,
      fileName: fileNameOf(row),
    };
  }

  return {
    async find(tenantId, idOrSha) {
      const scope: Scope = { tenantId };
      if (MEDIA_ID.test(idOrSha)) return onDisk(store.media.get(scope, idOrSha), idOrSha);
      if (!isSha256(idOrSha)) {
        throw new OutpostError('invalid_input', 'A media id is a 26-character ULID (or, for older files, a SHA-256).', {
          issues: [{ path: 'id', message: 'Must be a media id' }],
        });
      }
      const row = store.media.findBySha(scope, idOrSha);
      if (row) return onDisk(row, idOrSha);
      // Files stored before media had rows: an event of the tenant names the hash in its media list.
      const legacy = store.eventMedia.find(scope, idOrSha);
      const stat = legacy ? await blobs.stat(idOrSha) : null;
      if (!legacy || !stat) throw notFound();
      return {
        id: idOrSha,
        sha256: idOrSha,
        kind: legacy.kind,
        contentType: legacy.contentType,
        size: stat.size,
        fileName: `${idOrSha.slice(0, 12)}.${EXTENSIONS[legacy.contentType] ?? 'bin'}`,
      };
    },
    verifyLink: (token, mediaId) => signer.verify(token, mediaId),
    open: (sha256, range) => blobs.open(sha256, range),
    path: (sha256) => blobs.path(sha256),
    async openExport(exportId, token) {
      const { tenantId } = await signer.verify(token, exportId);
      return exports.open(exportId, tenantId);
    },
    async spoolExport(exportId, token) {
      const { tenantId } = await signer.verify(token, exportId);
      return exports.spool(exportId, tenantId, spoolDir);
    },
  };
}
