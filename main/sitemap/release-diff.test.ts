import { describe, expect, it } from 'vitest';
import type { Overlay } from './overlay-model.js';
import { diffReleases } from './release-diff.js';
import type { ReleaseAsset } from './release-manifest.js';
import type { StatusMapping } from './status-mapping.js';

const mapping: StatusMapping = { rules: [{ match: 'up', status: 'ok' }], custom: [] };
const basemap: ReleaseAsset = { role: 'basemap', sha256: 'a'.repeat(64), contentType: 'image/png', size: 10 };
const layer: ReleaseAsset = { role: 'overlay', sha256: 'b'.repeat(64), contentType: 'image/svg+xml', size: 20 };
const ov = (externalId: string, extra: Partial<Overlay> = {}): Overlay => ({
  externalId,
  shapeId: `s-${externalId}`,
  label: externalId.toUpperCase(),
  binding: null,
  ...extra,
});

function release(overlays: Overlay[], assets = [basemap, layer], statusMapping = mapping) {
  return { overlays, assets, statusMapping };
}

describe('diffReleases', () => {
  it('reports nothing between equal releases', () => {
    expect(diffReleases(release([ov('a'), ov('b')]), release([ov('b'), ov('a')], [layer, basemap]))).toEqual({
      added: [],
      removed: [],
      changed: [],
      assetsChanged: false,
      statusMappingChanged: false,
    });
  });

  it('lists added, removed and changed overlays with the changed fields', () => {
    const a = release([ov('gate'), ov('fence'), ov('tank', { properties: { volume: '10' } })]);
    const b = release([
      ov('gate', { binding: { type: 'device', device: 'door-1' }, label: 'Main gate' }),
      ov('tank', { properties: { volume: '12', unit: 'm3' } }),
      ov('cam-2'),
      ov('cam-1'),
    ]);
    expect(diffReleases(a, b)).toMatchObject({
      added: ['cam-1', 'cam-2'],
      removed: ['fence'],
      changed: [
        { externalId: 'gate', fields: ['binding', 'label'] },
        { externalId: 'tank', fields: ['properties.unit', 'properties.volume'] },
      ],
    });
  });

  it('notices a new base map and a changed status mapping', () => {
    const newBasemap = { ...basemap, sha256: 'c'.repeat(64) };
    const d = diffReleases(
      release([ov('a')]),
      release([ov('a')], [newBasemap, layer], { rules: [{ match: 'up', status: 'warning' }], custom: [] }),
    );
    expect(d).toMatchObject({ added: [], removed: [], changed: [], assetsChanged: true, statusMappingChanged: true });
  });
});
