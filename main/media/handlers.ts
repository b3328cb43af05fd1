import { OutpostError, type archiveMethods, type MediaInfo, type mediaMethods } from '../contract/index.js';
import type { HandlerTable } from '../core/slice-kit/index.js';
import { scopeOf, sessionOf } from '../core/slice-kit/index.js';
import type { MediaRow, Scope, Store } from '../store/index.js';
import type { MediaSlice } from './media-slice.js';

/** What the media slice's handlers use: its own services and the rows they read. */
export interface MediaHandlerDeps {
  store: Pick<Store, 'media' | 'events' | 'sites' | 'retention'>;
  media: Pick<MediaSlice, 'signer' | 'archive' | 'retention' | 'exports' | 'reconcile' | 'floor' | 'linkTtlMs'>;
}

function stateOf(row: MediaRow): MediaInfo['state'] {
  if (row.local) return 'available';
  return row.archivedAt !== null ? 'archived' : 'expired';
}

function requireSite(store: MediaHandlerDeps['store'], scope: Scope, siteId: string): void {
  if (!store.sites.get(scope, siteId))
    throw new OutpostError('not_found', `There is no site ${siteId}. Check the id with sites.list.`);
}

export function mediaHandlers({ store, media }: MediaHandlerDeps) {
  async function link(tenantId: string, id: string): Promise<{ url: string; expiresAt: number }> {
    const { token, expiresAt } = await media.signer.sign({ tenantId, mediaId: id });
    return { url: `/api/media/${id}?t=${token}`, expiresAt };
  }

  async function info(scope: Scope, row: MediaRow): Promise<MediaInfo> {
    const derived = store.media.forEvents(scope, [row.eventId]).filter((r) => r.parentId === row.id && r.local);
    const thumb = derived.find((r) => r.kind === 'thumbnail');
    const strip = derived.find((r) => r.kind === 'preview');
    const own = row.local ? await link(scope.tenantId, row.id) : null;
    const expiresAt = own?.expiresAt ?? Date.now() + media.linkTtlMs;
    return {
      id: row.id,
      eventId: row.eventId,
      siteId: row.siteId,
      kind: row.kind,
      contentType: row.contentType,
      size: row.size,
      sha256: row.sha256,
      capturedAt: row.capturedAt,
      device: row.device,
      label: row.label,
      meta: row.meta,
      state: stateOf(row),
      removedReason: row.local ? null : row.removedReason,
      kept: row.kept,
      archivedAt: row.archivedAt,
      url: own?.url ?? null,
      downloadUrl: own ? `${own.url}&download=1` : null,
      expiresAt,
      thumbnail: thumb ? { id: thumb.id, url: (await link(scope.tenantId, thumb.id)).url } : null,
      preview: strip
        ? { id: strip.id, url: (await link(scope.tenantId, strip.id)).url, frames: strip.meta.frames ?? 1 }
        : null,
    };
  }

  const policy = (scope: Scope, siteId: string) => ({
    siteId,
    rules: store.retention.rules(scope, siteId).map((r) => ({
      ...(r.device ? { device: r.device } : {}),
      ...(r.label ? { label: r.label } : {}),
      ...(r.maxAgeDays !== null ? { maxAgeDays: r.maxAgeDays } : {}),
      ...(r.maxBytes !== null ? { maxBytes: r.maxBytes } : {}),
    })),
    floor: { minFreePercent: media.floor.minFreePercent, minFreeBytes: media.floor.minFreeBytes },
  });

  return {
    'media.get': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const row = store.media.get(scope, input.id);
      if (!row) throw new OutpostError('not_found', `There is no media file ${input.id}. Open its event again.`);
      return info(scope, row);
    },
    'media.protect': (input, ctx) => {
      const scope = scopeOf(ctx);
      if (!store.events.get(scope, input.eventId)) {
        throw new OutpostError('not_found', `There is no event ${input.eventId}. Check the id with events.list.`);
      }
      if (input.keep) store.media.keep(scope, input.eventId, sessionOf(ctx).email, input.note, Date.now());
      else store.media.unkeep(scope, input.eventId);
      const files = store.media.forEvents(scope, [input.eventId]).filter((r) => r.parentId === null).length;
      return { eventId: input.eventId, kept: input.keep, files };
    },
    'media.export': async (input, ctx) => {
      const scope = scopeOf(ctx);
      if (input.siteId) requireSite(store, scope, input.siteId);
      const made = media.exports.create(scope, sessionOf(ctx).email, input);
      const { token, expiresAt } = await media.signer.sign({ tenantId: scope.tenantId, mediaId: made.exportId });
      return {
        url: `/api/media/exports/${made.exportId}?t=${token}`,
        expiresAt,
        fileName: made.fileName,
        files: made.files,
        bytes: made.bytes,
        missing: made.missing,
      };
    },
    'media.usage': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const disk = await media.retention.refreshDisk();
      const bySite = new Map<
        string,
        {
          siteId: string;
          files: number;
          bytes: number;
          cameras: Map<string | null, { device: string | null; files: number; bytes: number }>;
        }
      >();
      for (const u of store.media.usage(input.siteId ? { ...scope, siteId: input.siteId } : scope)) {
        const site = bySite.get(u.siteId) ?? { siteId: u.siteId, files: 0, bytes: 0, cameras: new Map() };
        site.files += u.files;
        site.bytes += u.bytes;
        const cam = site.cameras.get(u.device) ?? { device: u.device, files: 0, bytes: 0 };
        cam.files += u.files;
        cam.bytes += u.bytes;
        site.cameras.set(u.device, cam);
        bySite.set(u.siteId, site);
      }
      return {
        disk: {
          totalBytes: disk.totalBytes,
          freeBytes: disk.freeBytes,
          floorBytes: disk.floorBytes,
          refusing: media.retention.disk().refusing,
        },
        sites: [...bySite.values()].map((s) => ({
          siteId: s.siteId,
          files: s.files,
          bytes: s.bytes,
          cameras: [...s.cameras.values()].sort((a, b) => b.bytes - a.bytes),
        })),
      };
    },
    'media.retention': (input, ctx) => {
      const scope = scopeOf(ctx);
      requireSite(store, scope, input.siteId);
      return policy(scope, input.siteId);
    },
    'media.setRetention': (input, ctx) => {
      const scope = scopeOf(ctx);
      requireSite(store, scope, input.siteId);
      store.retention.replace(
        scope,
        input.siteId,
        input.rules.map((r) => ({
          device: r.device ?? null,
          label: r.label ?? null,
          maxAgeDays: r.maxAgeDays ?? null,
          maxBytes: r.maxBytes ?? null,
        })),
        Date.now(),
      );
      return policy(scope, input.siteId);
    },
    'media.reconcile': (input, ctx) => media.reconcile(scopeOf(ctx), input.confirm),
  } satisfies Pick<HandlerTable, keyof typeof mediaMethods>;
}

export function archiveHandlers({ store, media }: MediaHandlerDeps) {
  return {
    'archive.configure': (input, ctx) => media.archive.configure(scopeOf(ctx), input),
    'archive.test': (input, ctx) => media.archive.test(scopeOf(ctx), input.siteId),
    'archive.run': (input, ctx) =>
      media.archive.run(
        { tenantId: scopeOf(ctx).tenantId, siteId: input.siteId },
        {
          ...(input.eventId ? { eventId: input.eventId } : {}),
          ...(input.mediaIds ? { mediaIds: input.mediaIds } : {}),
        },
      ),
    'archive.status': (input, ctx) => media.archive.status(scopeOf(ctx), input.siteId),
    'archive.restore': async (input, ctx) => {
      const scope = scopeOf(ctx);
      if (!store.media.get(scope, input.mediaId))
        throw new OutpostError('not_found', `There is no media file ${input.mediaId}.`);
      await media.archive.restore(scope, input.mediaId);
      return { mediaId: input.mediaId, state: 'available' as const };
    },
    'archive.exportKey': (input, ctx) => media.archive.exportKey(scopeOf(ctx), input.siteId),
    'archive.importKey': (input, ctx) => media.archive.importKey(scopeOf(ctx), input.siteId, input.key, input.replace),
  } satisfies Pick<HandlerTable, keyof typeof archiveMethods>;
}
