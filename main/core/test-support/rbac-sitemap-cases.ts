import { expect } from 'vitest';
import type { integrationsMethods, releasesMethods, sitemapMethods } from '../../contract/index.js';
import { ctxFor, isOutsider, type Fixtures, type MatrixCase } from './rbac-matrix-cases.js';
import { PNG_BASE64 } from './rbac-sitemap-fixtures.js';

/** The other tenant's attempts left no overlay, import or base map of theirs on tenant A's draft. */
async function mapUntouched(f: Fixtures): Promise<void> {
  const draft = (await f.core.call('sitemap.get', { siteId: f.map.siteId }, await ctxFor(f, 'admin'))) as {
    overlays: { externalId: string }[];
    basemap: { fileName: string } | null;
  };
  const ids = draft.overlays.map((o) => o.externalId);
  for (const outsider of ['otherAdmin', 'installationAdmin']) {
    expect(ids).not.toContain(`by-${outsider}`);
    expect(ids).not.toContain(`imported-by-${outsider}`);
    expect(draft.basemap?.fileName).not.toBe(`by-${outsider}.png`);
  }
}

/** Another tenant's site is not_found, never an empty answer, and nothing of it changes. */
const notFound = { expect: 'not_found' as const, check: () => undefined };

export const sitemapCases: Record<
  keyof typeof sitemapMethods | keyof typeof releasesMethods | keyof typeof integrationsMethods,
  MatrixCase
> = {
  // Site map and releases: another tenant's site is not_found, and nothing of it changes.
  'sitemap.get': { input: (f) => ({ siteId: f.map.siteId }), otherTenant: notFound },
  'sitemap.uploadAsset': {
    input: (f, caller) => ({
      siteId: f.map.siteId,
      kind: 'basemap',
      fileName: `by-${caller}.png`,
      contentBase64: PNG_BASE64,
    }),
    otherTenant: { expect: 'not_found', check: (f) => mapUntouched(f) },
  },
  'sitemap.assetContent': { input: (f) => ({ siteId: f.map.siteId, assetId: f.map.assetId }), otherTenant: notFound },
  'sitemap.saveOverlays': {
    input: (f, caller) => ({
      siteId: f.map.siteId,
      upserts: [{ externalId: `by-${caller}`, shapeId: null, label: `By ${caller}`, binding: null }],
      deletes: [],
    }),
    otherTenant: { expect: 'not_found', check: (f) => mapUntouched(f) },
  },
  'sitemap.importOverlays': {
    input: (f, caller) => ({
      siteId: f.map.siteId,
      format: 'csv',
      content: `externalId,label\nimported-by-${caller},Imported\n`,
      dryRun: !isOutsider(caller),
    }),
    otherTenant: { expect: 'not_found', check: (f) => mapUntouched(f) },
  },
  'sitemap.clear': {
    // Only the base map: the overlays stay, so the draft can still be published below.
    input: (f) => ({ siteId: f.map.siteId, what: 'basemap' }),
    otherTenant: notFound,
  },
  'releases.publish': {
    input: (f, caller) => ({ siteId: f.map.siteId, env: 'staging', note: `by ${caller}` }),
    otherTenant: {
      expect: 'not_found',
      check: async (f) => {
        const admin = await ctxFor(f, 'admin');
        const listed = (await f.core.call('releases.list', { siteId: f.map.siteId }, admin)) as {
          releases: { note: string }[];
        };
        expect(listed.releases.map((r) => r.note)).not.toContain('by otherAdmin');
        expect(listed.releases.map((r) => r.note)).not.toContain('by installationAdmin');
      },
    },
  },
  'releases.list': { input: (f) => ({ siteId: f.map.siteId }), otherTenant: notFound },
  'releases.get': { input: (f) => ({ siteId: f.map.siteId, version: 1 }), otherTenant: notFound },
  'releases.rollback': {
    input: (f) => ({ siteId: f.map.siteId, env: 'production', version: 1 }),
    otherTenant: notFound,
  },
  'releases.diff': { input: (f) => ({ siteId: f.map.siteId, from: 1, to: 2 }), otherTenant: notFound },
  // Live map status: another tenant's site is not_found, never an empty answer.
  'integrations.get': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'integrations.set': { input: (f) => ({ siteId: f.p.siteId, kind: 'internal' }), otherTenant: notFound },
  'integrations.test': { input: (f) => ({ siteId: f.p.siteId, kind: 'internal' }), otherTenant: notFound },
  'sitemap.status': { input: (f) => ({ siteId: f.p.siteId }), otherTenant: notFound },
  'sitemap.entities': { input: (f) => ({ siteId: f.p.siteId, query: 'gate' }), otherTenant: notFound },
  'sitemap.entity': { input: (f) => ({ siteId: f.p.siteId, type: 'device', id: 'gate' }), otherTenant: notFound },
};
