import type { Database } from '../../native/sqlite/index.js';
import type { Scope } from './types.js';

/** A site's archive target as stored: `config` is the non-secret settings, `secret` the S3 secret key. */
export interface ArchiveTargetRow {
  siteId: string;
  tenantId: string;
  config: Record<string, unknown>;
  secret: string;
  updatedAt: number;
}

export interface ArchivePart {
  PartNumber: number;
  ETag: string;
}

/** An upload in progress: enough to go on after a restart with identical bytes. */
export interface ArchiveUploadRow {
  mediaId: string;
  tenantId: string;
  siteId: string;
  objectKey: string;
  uploadId: string | null;
  /** The object's encryption header (holds its wrapped data key and nonce prefix). */
  header: Buffer | null;
  totalBytes: number;
  partSize: number;
  parts: ArchivePart[];
  bytesSent: number;
  state: 'queued' | 'uploading' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ArchiveRepository {
  getTarget(scope: Scope, siteId: string): ArchiveTargetRow | undefined;
  setTarget(
    scope: Scope,
    siteId: string,
    config: Record<string, unknown>,
    secret: string,
    now: number,
  ): ArchiveTargetRow;
  /** Every site's target, across tenants (the archive job). */
  allTargets(): ArchiveTargetRow[];
  queue(
    upload: Pick<ArchiveUploadRow, 'mediaId' | 'tenantId' | 'siteId' | 'objectKey' | 'totalBytes' | 'partSize'>,
    now: number,
  ): boolean;
  upload(mediaId: string): ArchiveUploadRow | undefined;
  uploads(scope: Scope, siteId: string): ArchiveUploadRow[];
  /** Queued and interrupted uploads of a site, oldest first. */
  runnable(tenantId: string, siteId: string, limit: number): ArchiveUploadRow[];
  started(mediaId: string, uploadId: string | null, header: Buffer, now: number): void;
  partDone(mediaId: string, parts: ArchivePart[], bytesSent: number, now: number): void;
  failed(mediaId: string, error: string, final: boolean, now: number): void;
  finish(mediaId: string): void;
  /** Bytes queued or on their way (they count against the quota already). */
  pendingBytes(scope: Scope): number;
}

interface UploadRecord extends Omit<ArchiveUploadRow, 'parts'> {
  parts: string;
}
const UPLOAD_COLUMNS = `media_id AS mediaId, tenant_id AS tenantId, site_id AS siteId, object_key AS objectKey,
  upload_id AS uploadId, header, total_bytes AS totalBytes, part_size AS partSize, parts, bytes_sent AS bytesSent,
  state, attempts, last_error AS lastError, created_at AS createdAt, updated_at AS updatedAt`;
const toUpload = (r: UploadRecord): ArchiveUploadRow => ({ ...r, parts: JSON.parse(r.parts) as ArchivePart[] });

interface TargetRecord extends Omit<ArchiveTargetRow, 'config'> {
  config: string;
}
const toTarget = (r: TargetRecord): ArchiveTargetRow => ({
  ...r,
  config: JSON.parse(r.config) as Record<string, unknown>,
});
const TARGET_COLUMNS = 'site_id AS siteId, tenant_id AS tenantId, config, secret, updated_at AS updatedAt';

export function createArchiveRepository(db: Database): ArchiveRepository {
  const target = db.prepare<[string, string], TargetRecord>(
    `SELECT ${TARGET_COLUMNS} FROM archive_targets WHERE site_id = ? AND tenant_id = ?`,
  );
  const setTarget = db.prepare(
    `INSERT INTO archive_targets (site_id, tenant_id, config, secret, updated_at) VALUES (@siteId, @tenantId, @config, @secret, @now)
     ON CONFLICT (site_id) DO UPDATE SET config = excluded.config, secret = excluded.secret, updated_at = excluded.updated_at
     WHERE archive_targets.tenant_id = excluded.tenant_id`,
  );
  const allTargets = db.prepare<[], TargetRecord>(`SELECT ${TARGET_COLUMNS} FROM archive_targets`);
  const queue = db.prepare(
    `INSERT INTO archive_uploads (media_id, tenant_id, site_id, object_key, upload_id, header, total_bytes, part_size, parts,
       bytes_sent, state, attempts, last_error, created_at, updated_at)
     VALUES (@mediaId, @tenantId, @siteId, @objectKey, NULL, NULL, @totalBytes, @partSize, '[]', 0, 'queued', 0, NULL, @now, @now)
     ON CONFLICT (media_id) DO UPDATE SET state = 'queued', attempts = 0, last_error = NULL, updated_at = excluded.updated_at
       WHERE archive_uploads.state = 'failed'`,
  );
  const one = db.prepare<[string], UploadRecord>(`SELECT ${UPLOAD_COLUMNS} FROM archive_uploads WHERE media_id = ?`);
  const bySite = db.prepare<[string, string], UploadRecord>(
    `SELECT ${UPLOAD_COLUMNS} FROM archive_uploads WHERE tenant_id = ? AND site_id = ? ORDER BY created_at`,
  );
  const runnable = db.prepare<[string, string, number], UploadRecord>(
    `SELECT ${UPLOAD_COLUMNS} FROM archive_uploads WHERE tenant_id = ? AND site_id = ? AND state <> 'failed'
     ORDER BY created_at LIMIT ?`,
  );
  const started = db.prepare<[string | null, Buffer, number, string]>(
    `UPDATE archive_uploads SET upload_id = ?, header = ?, state = 'uploading', updated_at = ? WHERE media_id = ?`,
  );
  const partDone = db.prepare<[string, number, number, string]>(
    'UPDATE archive_uploads SET parts = ?, bytes_sent = ?, updated_at = ? WHERE media_id = ?',
  );
  const failed = db.prepare<[string, string, number, string]>(
    `UPDATE archive_uploads SET attempts = attempts + 1, last_error = ?, state = ?, updated_at = ? WHERE media_id = ?`,
  );
  const finish = db.prepare<[string]>('DELETE FROM archive_uploads WHERE media_id = ?');
  const pending = db
    .prepare<[{ tenantId: string; siteId: string | null }], number>(
      `SELECT coalesce(sum(total_bytes), 0) FROM archive_uploads WHERE tenant_id = @tenantId
     AND (@siteId IS NULL OR site_id = @siteId) AND state <> 'failed'`,
    )
    .pluck();

  return {
    getTarget: (scope, siteId) => {
      const row = target.get(siteId, scope.tenantId);
      return row ? toTarget(row) : undefined;
    },
    setTarget: (scope, siteId, config, secret, now) => {
      setTarget.run({ siteId, tenantId: scope.tenantId, config: JSON.stringify(config), secret, now });
      return toTarget(target.get(siteId, scope.tenantId)!);
    },
    allTargets: () => allTargets.all().map(toTarget),
    queue: (u, now) => queue.run({ ...u, now }).changes > 0,
    upload: (mediaId) => {
      const row = one.get(mediaId);
      return row ? toUpload(row) : undefined;
    },
    uploads: (scope, siteId) => bySite.all(scope.tenantId, siteId).map(toUpload),
    runnable: (tenantId, siteId, limit) => runnable.all(tenantId, siteId, limit).map(toUpload),
    started: (mediaId, uploadId, header, now) => void started.run(uploadId, header, now, mediaId),
    partDone: (mediaId, parts, bytesSent, now) => void partDone.run(JSON.stringify(parts), bytesSent, now, mediaId),
    failed: (mediaId, error, final, now) => void failed.run(error, final ? 'failed' : 'uploading', now, mediaId),
    finish: (mediaId) => void finish.run(mediaId),
    pendingBytes: (scope) => pending.get({ tenantId: scope.tenantId, siteId: scope.siteId ?? null }) ?? 0,
  };
}
