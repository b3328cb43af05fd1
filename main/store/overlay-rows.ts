import type { Binding, BindingType, Overlay } from '../contract/index.js';

/** A `sitemap_overlays` row as selected by OVERLAY_COLUMNS. */
export interface OverlayRecord {
  externalId: string;
  shapeId: string | null;
  label: string;
  bindingType: BindingType | null;
  bindingTarget: string | null;
  layer: string | null;
  properties: string | null;
}

export const OVERLAY_COLUMNS =
  'external_id AS externalId, shape_id AS shapeId, label, binding_type AS bindingType, binding_target AS bindingTarget, layer, properties';

/** Positional parameters of the upsert: site, tenant, external id, shape, label, binding type and target, layer, properties, time. */
export type OverlayParams = [
  string,
  string,
  string,
  string | null,
  string,
  BindingType | null,
  string | null,
  string | null,
  string | null,
  number,
];

function bindingTarget(b: Binding): string {
  switch (b.type) {
    case 'device':
    case 'camera':
      return b.device;
    case 'zone':
      return b.zone;
    case 'unit':
      return b.unitId;
  }
}

function toBinding(type: BindingType | null, target: string | null): Binding | null {
  if (type === null || target === null) return null;
  switch (type) {
    case 'device':
    case 'camera':
      return { type, device: target };
    case 'zone':
      return { type, zone: target };
    case 'unit':
      return { type, unitId: target };
  }
}

export function overlayParams(siteId: string, tenantId: string, o: Overlay, now: number): OverlayParams {
  // An empty property map is stored as NULL, so it reads back the same as no map (canonical form).
  const properties = o.properties && Object.keys(o.properties).length > 0 ? JSON.stringify(o.properties) : null;
  return [
    siteId,
    tenantId,
    o.externalId,
    o.shapeId,
    o.label,
    o.binding?.type ?? null,
    o.binding ? bindingTarget(o.binding) : null,
    o.layer ?? null,
    properties,
    now,
  ];
}

/** The canonical overlay (the same shape main/sitemap's pickOverlay gives): no `layer` or `properties` keys when absent. */
export function toOverlay(r: OverlayRecord): Overlay {
  const out: Overlay = {
    externalId: r.externalId,
    shapeId: r.shapeId,
    label: r.label,
    binding: toBinding(r.bindingType, r.bindingTarget),
  };
  if (r.layer !== null) out.layer = r.layer;
  if (r.properties !== null) out.properties = JSON.parse(r.properties) as Record<string, string>;
  return out;
}
