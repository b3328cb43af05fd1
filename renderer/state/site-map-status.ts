import type { Overlay, SiteMapDraft, SiteStatus } from '../../main/contract/index.js';
import { overlayStatus } from '../components/site-map/map-canvas-types.js';

/** Normalised status per entity id, from a `sitemap.status` answer or push. */
export function indexStatus(status: SiteStatus | null): Map<string, string> {
  const byEntity = new Map<string, string>();
  for (const item of status?.items ?? []) byEntity.set(item.id, item.status);
  return byEntity;
}

/** Status per overlay external id (absent from the map: `unknown`), what MapCanvas colours by. */
export function statusByOverlay(
  overlays: readonly Overlay[],
  byEntity: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const overlay of overlays) out.set(overlay.externalId, overlayStatus(overlay, byEntity));
  return out;
}

/** How many overlays are in each status, for the legend. */
export function countByStatus(
  overlays: readonly Overlay[],
  byOverlay: ReadonlyMap<string, string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const overlay of overlays) {
    const status = byOverlay.get(overlay.externalId) ?? 'unknown';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return counts;
}

/**
 * Whether a `sitemap.get` answer may replace the draft on screen. Another site's draft always may
 * (the caller checks which site is current). For the same site: a newer revision may; the same
 * revision may unless the editor showed a local edit (`setDraft`) after the call was sent, because
 * that edit is not saved yet and the answer would undo it on screen; an older revision never may.
 */
export function isNewerDraft(shown: SiteMapDraft | null, incoming: SiteMapDraft, editedSinceAsked = false): boolean {
  if (shown === null || shown.siteId !== incoming.siteId) return true;
  return incoming.revision > shown.revision || (incoming.revision === shown.revision && !editedSinceAsked);
}
