import { expect } from 'vitest';
import type { archiveMethods, mediaMethods } from '../../contract/index.js';
import type { MatrixCase } from './rbac-matrix-cases.js';

/** Media and the archive: another tenant's files, events and sites are not_found. */
const notFound = { expect: 'not_found' as const, check: () => undefined };

export const mediaCases: Record<keyof typeof mediaMethods | keyof typeof archiveMethods, MatrixCase> = {
  'media.get': { input: (f) => ({ id: f.p.mediaId }), otherTenant: notFound },
  'media.protect': {
    input: (f) => ({ eventId: f.p.mediaEventId, keep: true, note: 'evidence' }),
    otherTenant: notFound,
  },
  'media.export': { input: (f) => ({ eventId: f.p.mediaEventId }), otherTenant: notFound },
  'media.usage': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r) =>
        expect((r as { sites: { siteId: string }[] }).sites.map((s) => s.siteId)).not.toContain(f.p.siteId),
    },
  },
  'media.retention': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'media.setRetention': {
    input: (f) => ({ siteId: f.p.siteId, rules: [{ maxAgeDays: 3650 }] }),
    otherTenant: notFound,
  },
  'media.reconcile': {
    input: () => ({ confirm: false }),
    otherTenant: { expect: 'ok', check: (_f, r) => expect((r as { rowsMarked: number }).rowsMarked).toBe(0) },
  },
  'archive.configure': {
    input: (f) => ({
      siteId: f.p.siteId,
      endpoint: 'http://127.0.0.1:9',
      bucket: 'matrix-bucket',
      accessKeyId: 'matrix',
      secretAccessKey: 'matrix-secret',
      enabled: false,
    }),
    otherTenant: notFound,
  },
  'archive.test': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.run': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.status': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.restore': { input: (f) => ({ mediaId: f.p.mediaId }), otherTenant: notFound },
  'archive.exportKey': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'archive.importKey': {
    input: (f) => ({ siteId: f.p.siteId, key: Buffer.alloc(32, 7).toString('base64') }),
    otherTenant: notFound,
  },
};
