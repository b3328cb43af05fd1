import { createHmac, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ARCHIVE_KEY_WARNING,
  OutpostError,
  SECRET_MASK,
  type ArchiveStatus,
  type ArchiveTarget,
  type ArchiveTargetInput,
} from '../../contract/index.js';
import type { MediaRow, Scope, SiteScope, Store } from '../../store/index.js';
import type { BlobStore } from '../blob-store.js';
import type { MediaLog } from '../media-log.js';
import { createDecryptStream, encryptedSize, KEY_BYTES, keyIdOf } from './envelope.js';
import type { ArchiveKeyStore } from './key-store.js';
import { createS3Client, describeS3Error, loadS3Sdk, type S3TargetConfig, type S3Transport } from './s3-client.js';
import { uploadFile } from './uploader.js';

export interface ArchiveServiceDeps {
  store: Store;
  blobs: BlobStore;
  keys: ArchiveKeyStore;
  log: MediaLog;
  now: () => number;
  settings: { partSizeBytes: number; tenantQuotaBytes: number; partAttempts: number };
  /** How requests reach the S3 peer: the address guard's agents. */
  transport: S3Transport;
  /** Whether a blob is still needed on disk (rows, site-map files, pins). */
  blobInUse(sha256: string): boolean;
}

type StoredConfig = Omit<ArchiveTargetInput, 'secretAccessKey' | 'siteId'>;

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function createArchiveService(deps: ArchiveServiceDeps) {
  const { store, blobs, log, now } = deps;
  const lastRun = new Map<string, { at: number; error: string | null }>();

  function siteOrThrow(scope: Scope, siteId: string): void {
    if (!store.sites.get(scope, siteId))
      throw new OutpostError('not_found', `There is no site ${siteId}. Check the id with sites.list.`);
  }

  function targetOf(
    scope: Scope,
    siteId: string,
  ): { config: StoredConfig; secret: string; updatedAt: number } | undefined {
    const row = store.archive.getTarget(scope, siteId);
    return row ? { config: row.config as StoredConfig, secret: row.secret, updatedAt: row.updatedAt } : undefined;
  }

  function requireTarget(scope: Scope, siteId: string) {
    const target = targetOf(scope, siteId);
    if (!target) {
      throw new OutpostError(
        'conflict',
        'This site has no archive target yet. Set one in Settings → Storage (archive.configure).',
      );
    }
    return target;
  }

  const s3For = (target: { config: StoredConfig; secret: string }) =>
    createS3Client(target.config as S3TargetConfig, target.secret, deps.transport);

  /** The site's key, made on first use (a site's first archive upload). */
  async function keyFor(siteId: string, create: boolean): Promise<Buffer> {
    const existing = await deps.keys.get(siteId);
    if (existing) return existing;
    if (!create) {
      throw new OutpostError(
        'conflict',
        "This site's archive key is not on this machine. Import it (archive.importKey) to read the archive.",
      );
    }
    const key = randomBytes(KEY_BYTES);
    await deps.keys.set(siteId, key);
    log.info(
      { siteId, keyId: keyIdOf(key).toString('hex') },
      'created an archive key for a site; export it and keep it safe',
    );
    return key;
  }

  /** An object key that says nothing about the site, camera, time or content. */
  const objectKeyOf = (prefix: string, key: Buffer, mediaId: string) =>
    `${prefix}${createHmac('sha256', key).update(`object:${mediaId}`).digest('hex').slice(0, 40)}`;

  function publicTarget(siteId: string, t: { config: StoredConfig; updatedAt: number }): ArchiveTarget {
    return { ...t.config, siteId, secretAccessKey: SECRET_MASK, updatedAt: t.updatedAt } as ArchiveTarget;
  }

  /** Refuses a file past the site's or the tenant's quota, counting what is already queued. */
  function quotaProblem(scope: SiteScope, config: StoredConfig, bytes: number): string | null {
    const siteUsed = store.media.archivedBytes(scope) + store.archive.pendingBytes(scope);
    if (config.quotaBytes > 0 && siteUsed + bytes > config.quotaBytes) {
      return `Archiving it (${mib(bytes)}) would take this site past its archive quota of ${mib(config.quotaBytes)} (${mib(siteUsed)} used). Raise the quota or archive less.`;
    }
    const tenant = { tenantId: scope.tenantId };
    const tenantUsed = store.media.archivedBytes(tenant) + store.archive.pendingBytes(tenant);
    const tenantQuota = deps.settings.tenantQuotaBytes;
    if (tenantQuota > 0 && tenantUsed + bytes > tenantQuota) {
      return `Archiving it (${mib(bytes)}) would take your organisation past its archive quota of ${mib(tenantQuota)} (${mib(tenantUsed)} used). Ask the installation's administrator for more.`;
    }
    return null;
  }

  async function enqueue(scope: SiteScope, rows: readonly MediaRow[]) {
    const target = requireTarget(scope, scope.siteId);
    const key = await keyFor(scope.siteId, true);
    let queued = 0;
    const refused: { mediaId: string; reason: string }[] = [];
    for (const row of rows) {
      if (row.parentId !== null) continue;
      if (row.archivedAt !== null) continue;
      if (!row.local) {
        refused.push({ mediaId: row.id, reason: 'It is not on this machine any more, so it cannot be archived.' });
        continue;
      }
      const bytes = encryptedSize(row.size);
      const problem = quotaProblem(scope, target.config, bytes);
      if (problem) {
        refused.push({ mediaId: row.id, reason: problem });
        continue;
      }
      const added = store.archive.queue(
        {
          mediaId: row.id,
          tenantId: scope.tenantId,
          siteId: scope.siteId,
          objectKey: objectKeyOf(target.config.prefix, key, row.id),
          totalBytes: bytes,
          partSize: deps.settings.partSizeBytes,
        },
        now(),
      );
      if (added) queued++;
    }
    return { queued, refused };
  }

  /** One run per site at a time: a second asks to run again after the current one. */
  const runs = new Map<string, Promise<void>>();
  function runSite(scope: SiteScope): Promise<void> {
    const key = `${scope.tenantId}/${scope.siteId}`;
    const next = (runs.get(key) ?? Promise.resolve()).then(() => runSiteNow(scope));
    const tracked = next.finally(() => {
      if (runs.get(key) === tracked) runs.delete(key);
    });
    runs.set(
      key,
      tracked.catch(() => undefined),
    );
    return next;
  }

  /** Uploads what is queued for one site; a failing upload is kept for the next run. */
  async function runSiteNow(scope: SiteScope): Promise<void> {
    const target = targetOf(scope, scope.siteId);
    if (!target || !target.config.enabled) return;
    const rules = target.config.rules;
    const picked: MediaRow[] = [];
    if (rules.afterDays !== null) {
      picked.push(
        ...store.media.archiveCandidates(scope, { capturedBefore: now() - rules.afterDays * 86_400_000 }, 100),
      );
    }
    if (rules.labels.length > 0) picked.push(...store.media.archiveCandidates(scope, { labels: rules.labels }, 100));
    if (rules.kept) picked.push(...store.media.archiveCandidates(scope, { keptOnly: true }, 100));
    if (picked.length > 0) {
      const { refused } = await enqueue(scope, picked);
      for (const r of refused) log.warn({ mediaId: r.mediaId, reason: r.reason }, 'a file was not archived');
    }
    const s3 = await s3For(target);
    let error: string | null = null;
    try {
      for (const upload of store.archive.runnable(scope.tenantId, scope.siteId, 50)) {
        const row = store.media.getAny(upload.mediaId);
        if (!row || !row.local) {
          store.archive.failed(upload.mediaId, 'The file left this machine before it was archived.', true, now());
          continue;
        }
        try {
          await uploadFile(
            {
              s3,
              bucket: target.config.bucket,
              store,
              archiveKey: await keyFor(scope.siteId, false),
              file: blobs.path(row.sha256),
              plainBytes: row.size,
              partAttempts: deps.settings.partAttempts,
              now,
            },
            upload,
          );
        } catch (err) {
          error = describeS3Error(err);
          store.archive.failed(upload.mediaId, error, false, now());
          log.warn({ mediaId: upload.mediaId, error }, 'archive upload interrupted; it goes on at the next run');
          // The peer is failing: the rest waits for the next run instead of failing one by one.
          break;
        }
        store.media.markArchived(row.id, upload.objectKey, upload.totalBytes, now());
        store.archive.finish(row.id);
        if (target.config.freeLocal) {
          const shas = store.media.markRemoved([row.id], 'Archived; restore it to play it here.', now(), true);
          for (const sha of shas) if (!deps.blobInUse(sha)) await blobs.remove(sha);
        }
      }
    } finally {
      s3.destroy();
      lastRun.set(scope.siteId, { at: now(), error });
    }
  }

  return {
    configure(scope: Scope, input: ArchiveTargetInput): ArchiveTarget {
      siteOrThrow(scope, input.siteId);
      const { siteId, secretAccessKey, ...config } = input;
      const stored = targetOf(scope, siteId);
      let secret = secretAccessKey;
      if (secret === SECRET_MASK) {
        if (!stored || stored.config.endpoint !== config.endpoint || stored.config.accessKeyId !== config.accessKeyId) {
          throw new OutpostError(
            'invalid_input',
            'Type the secret access key: the mask only keeps a stored secret for the same endpoint and access key.',
            {
              issues: [{ path: 'secretAccessKey', message: 'type the secret again' }],
            },
          );
        }
        secret = stored.secret;
      }
      const row = store.archive.setTarget(scope, siteId, config, secret, now());
      return publicTarget(siteId, { config: row.config as StoredConfig, updatedAt: row.updatedAt });
    },

    async status(scope: Scope, siteId: string): Promise<ArchiveStatus> {
      siteOrThrow(scope, siteId);
      const target = targetOf(scope, siteId);
      const key = await deps.keys.get(siteId);
      const siteScope = { tenantId: scope.tenantId, siteId };
      const archivedFiles = countArchived(store, siteScope);
      const run = lastRun.get(siteId);
      return {
        siteId,
        target: target ? publicTarget(siteId, target) : null,
        key: { present: key !== undefined, keyId: key ? keyIdOf(key).toString('hex') : null },
        uploads: store.archive.uploads(scope, siteId).map((u) => ({
          mediaId: u.mediaId,
          state: u.state,
          bytesSent: u.bytesSent,
          totalBytes: u.totalBytes,
          attempts: u.attempts,
          lastError: u.lastError,
        })),
        archivedFiles,
        archivedBytes: store.media.archivedBytes(siteScope),
        quotaBytes: target?.config.quotaBytes ?? 0,
        tenantArchivedBytes: store.media.archivedBytes({ tenantId: scope.tenantId }),
        tenantQuotaBytes: deps.settings.tenantQuotaBytes,
        lastRunAt: run?.at ?? null,
        lastError: run?.error ?? null,
      };
    },

    async test(scope: Scope, siteId: string): Promise<{ ok: boolean; message: string }> {
      siteOrThrow(scope, siteId);
      const target = requireTarget(scope, siteId);
      const s3 = await s3For(target);
      const { DeleteObjectCommand, HeadBucketCommand, PutObjectCommand } = await loadS3Sdk();
      const probe = `${target.config.prefix}outpost-connection-test-${randomBytes(8).toString('hex')}`;
      try {
        await s3.send(new HeadBucketCommand({ Bucket: target.config.bucket }));
        await s3.send(new PutObjectCommand({ Bucket: target.config.bucket, Key: probe, Body: Buffer.from('ok') }));
        await s3.send(new DeleteObjectCommand({ Bucket: target.config.bucket, Key: probe }));
        return {
          ok: true,
          message: `Reached ${target.config.endpoint}, wrote and deleted a test object in ${target.config.bucket}.`,
        };
      } catch (err) {
        return { ok: false, message: describeS3Error(err) };
      } finally {
        s3.destroy();
      }
    },

    async run(scope: SiteScope, pick: { eventId?: string; mediaIds?: string[] }) {
      siteOrThrow(scope, scope.siteId);
      let rows: MediaRow[];
      if (pick.mediaIds || pick.eventId) {
        rows = [
          ...(pick.mediaIds ?? []).map((id) => {
            const row = store.media.get(scope, id);
            if (!row) throw new OutpostError('not_found', `There is no media file ${id} on this site.`);
            return row;
          }),
          ...(pick.eventId ? store.media.forEvents(scope, [pick.eventId]) : []),
        ];
      } else {
        rows = [];
      }
      const result = rows.length > 0 ? await enqueue(scope, rows) : { queued: 0, refused: [] };
      // Uploads run in the background; archive.status shows their progress.
      void runSite(scope).catch((err: unknown) =>
        log.error({ siteId: scope.siteId, error: String(err) }, 'archive run failed'),
      );
      return result;
    },

    runSite,

    async runAll(): Promise<void> {
      for (const target of store.archive.allTargets()) {
        try {
          await runSite({ tenantId: target.tenantId, siteId: target.siteId });
        } catch (err) {
          log.error({ siteId: target.siteId, error: String(err) }, 'archive run failed');
        }
      }
    },

    async restore(scope: Scope, mediaId: string): Promise<void> {
      const row = store.media.get(scope, mediaId);
      if (!row) throw new OutpostError('not_found', `There is no media file ${mediaId}.`);
      if (row.local) return;
      if (row.archivedAt === null || row.archiveObject === null) {
        throw new OutpostError(
          'conflict',
          `This ${row.kind} is not in the archive: ${row.removedReason ?? 'it was removed'}.`,
        );
      }
      const target = requireTarget(scope, row.siteId);
      const key = await keyFor(row.siteId, false);
      const s3 = await s3For(target);
      const { GetObjectCommand } = await loadS3Sdk();
      try {
        let body: Readable;
        try {
          const answer = await s3.send(new GetObjectCommand({ Bucket: target.config.bucket, Key: row.archiveObject }));
          body = answer.Body as Readable;
        } catch (err) {
          throw new OutpostError('unavailable', `The archive could not be read: ${describeS3Error(err)}`);
        }
        const decrypt = createDecryptStream(key);
        const [ref] = await Promise.all([
          blobs.put(decrypt, row.contentType, row.kind === 'clip' ? 'clip' : 'snapshot'),
          pipeline(body, decrypt),
        ]);
        if (ref.sha256 !== row.sha256) {
          if (!deps.blobInUse(ref.sha256)) await blobs.remove(ref.sha256);
          throw new OutpostError(
            'unprocessable',
            'The archived object decrypted, but not to the file that was archived. Nothing was restored.',
          );
        }
        store.media.markLocal(row.id);
      } finally {
        s3.destroy();
      }
    },

    async exportKey(scope: Scope, siteId: string) {
      siteOrThrow(scope, siteId);
      const key = await keyFor(siteId, true);
      return { siteId, keyId: keyIdOf(key).toString('hex'), key: key.toString('base64'), warning: ARCHIVE_KEY_WARNING };
    },

    async importKey(scope: Scope, siteId: string, base64: string, replace: boolean) {
      siteOrThrow(scope, siteId);
      const key = Buffer.from(base64, 'base64');
      if (key.length !== KEY_BYTES)
        throw new OutpostError('invalid_input', 'The key must be 32 bytes in base64.', {
          issues: [{ path: 'key', message: 'must be 32 bytes' }],
        });
      const existing = await deps.keys.get(siteId);
      if (
        existing &&
        !existing.equals(key) &&
        !replace &&
        countArchived(store, { tenantId: scope.tenantId, siteId }) > 0
      ) {
        throw new OutpostError(
          'conflict',
          `This site already has another archive key (${keyIdOf(existing).toString('hex')}) that its archived files need. Export it first; replace only if you are sure.`,
        );
      }
      await deps.keys.set(siteId, key);
      return { siteId, keyId: keyIdOf(key).toString('hex') };
    },
  };
}

function countArchived(store: Store, scope: SiteScope): number {
  return store.media.archiveCount(scope);
}

export type ArchiveService = ReturnType<typeof createArchiveService>;
