import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import type { Overlay } from './overlay-model.js';
import { ReleaseManifestSchema, buildReleaseManifest, canonicalJson, releaseEtag } from './release-manifest.js';
import type { ReleaseInput } from './release-manifest.js';

const SITE_ID = '01J00000000000000000000S1T';
const sha = (c: string): string => c.repeat(64);

const overlays: Overlay[] = [
  {
    externalId: 'b',
    shapeId: 's-b',
    label: 'B',
    binding: { type: 'zone', zone: 'north' },
    properties: { y: '2', x: '1' },
  },
  { externalId: 'a', shapeId: null, label: 'A', binding: null, layer: 'ground' },
];

function input(overrides: Partial<ReleaseInput> = {}): ReleaseInput {
  return {
    site: { id: SITE_ID, slug: 'north-yard', name: 'North yard' },
    version: 3,
    env: 'staging',
    overlays,
    statusMapping: { rules: [{ match: 'Running', status: 'ok' }], custom: [] },
    assets: [
      { role: 'overlay', sha256: sha('b'), contentType: 'image/svg+xml', size: 2048 },
      { role: 'basemap', sha256: sha('a'), contentType: 'image/png', size: 100_000 },
    ],
    publishedBy: '01J00000000000000000000XSR',
    publishedAt: 1_750_000_000_000,
    note: 'New gate',
    ...overrides,
  };
}

describe('buildReleaseManifest', () => {
  it('writes byte-identical canonical JSON for equal inputs given in different orders', () => {
    const one = buildReleaseManifest(input());
    const reordered = buildReleaseManifest(
      input({
        overlays: [
          { layer: 'ground', binding: null, label: 'A', shapeId: null, externalId: 'a' },
          {
            properties: { x: '1', y: '2' },
            binding: { zone: 'north', type: 'zone' },
            label: 'B',
            shapeId: 's-b',
            externalId: 'b',
          },
        ],
        assets: [...input().assets].reverse(),
      }),
    );
    expect(reordered.json).toBe(one.json);
    expect(reordered.sha256).toBe(one.sha256);
    expect(one.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(releaseEtag(one.sha256)).toBe(`"${one.sha256}"`);
    expect(one.manifest.overlays.map((o) => o.externalId)).toEqual(['a', 'b']);
    expect(one.json.startsWith('{"assets":[{"contentType":"image/png"')).toBe(true);
    expect(JSON.parse(one.json)).toEqual(one.manifest);
  });

  it('changes the hash when anything published changes', () => {
    const one = buildReleaseManifest(input());
    expect(buildReleaseManifest(input({ note: 'Other note' })).sha256).not.toBe(one.sha256);
    expect(buildReleaseManifest(input({ env: 'production' })).sha256).not.toBe(one.sha256);
  });

  it('holds only the published fields, never draft or tenant data passed along with them', () => {
    const site = {
      id: SITE_ID,
      slug: 'north-yard',
      name: 'North yard',
      tenantId: '01J000000000000000000TENNT',
      address: 'x',
    };
    const draftOverlay = { ...overlays[0]!, draftOnly: true, updatedAt: 5, tenantId: 't' } as Overlay;
    const { manifest, json } = buildReleaseManifest(input({ site, overlays: [draftOverlay] }));
    expect(Object.keys(manifest.site)).toEqual(['id', 'slug', 'name']);
    expect(json).not.toContain('tenantId');
    expect(json).not.toContain('draftOnly');
    expect(json).not.toContain('address');
    expect(ReleaseManifestSchema.safeParse(JSON.parse(json)).success).toBe(true);
  });

  it('refuses a draft that cannot be published, saying why', () => {
    let error: unknown;
    try {
      buildReleaseManifest(
        input({
          overlays: [overlays[0]!, overlays[0]!],
          assets: [{ role: 'basemap', sha256: 'nope', contentType: 'image/png', size: 1 }],
        }),
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['assets.0.sha256', 'overlays.1.externalId']),
    );
  });

  it('validates stored manifests, refusing an unknown format', () => {
    const { json } = buildReleaseManifest(input());
    const stored = JSON.parse(json) as Record<string, unknown>;
    expect(ReleaseManifestSchema.safeParse({ ...stored, format: 2 }).success).toBe(false);
    expect(ReleaseManifestSchema.safeParse({ ...stored, extra: 1 }).success).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: 2 }], a: 'x', u: undefined })).toBe('{"a":"x","b":[3,{"c":2,"d":1}]}');
    expect(() => canonicalJson({ n: NaN })).toThrow(/NaN/);
  });
});
