import type { ReleaseDiff } from '../contract/index.js';
import { overlayChanges } from './overlay-model.js';
import type { Overlay } from './overlay-model.js';
import { canonicalJson } from './release-manifest.js';
import type { ReleaseManifest } from './release-manifest.js';

export type { ReleaseDiff } from '../contract/index.js';

type Diffable = Pick<ReleaseManifest, 'overlays' | 'assets' | 'statusMapping'>;

export function diffReleases(a: Diffable, b: Diffable): ReleaseDiff {
  const before = new Map<string, Overlay>(a.overlays.map((o) => [o.externalId, o]));
  const after = new Map<string, Overlay>(b.overlays.map((o) => [o.externalId, o]));
  const added: string[] = [];
  const removed: string[] = [];
  const changed: ReleaseDiff['changed'] = [];
  for (const [id, overlay] of after) {
    const old = before.get(id);
    if (old === undefined) added.push(id);
    else {
      const fields = overlayChanges(old, overlay);
      if (fields.length > 0) changed.push({ externalId: id, fields });
    }
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return {
    added: added.sort(byId),
    removed: removed.sort(byId),
    changed: changed.sort((x, y) => byId(x.externalId, y.externalId)),
    // Assets compare as a set: the same files in another order are the same release.
    assetsChanged: assetKeys(a) !== assetKeys(b),
    statusMappingChanged: canonicalJson(a.statusMapping) !== canonicalJson(b.statusMapping),
  };
}

function assetKeys(m: Diffable): string {
  return m.assets
    .map((x) => `${x.role}:${x.sha256}:${x.contentType}:${x.size}`)
    .sort()
    .join('\n');
}
