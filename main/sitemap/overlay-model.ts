import type { Binding, Overlay } from '../contract/index.js';

// The schemas are part of the API contract (the renderer uses their types); re-exported for this module.
export {
  BINDING_TYPES,
  BindingSchema,
  EntityIdSchema,
  EXTERNAL_ID_PATTERN,
  ExternalIdSchema,
  LabelSchema,
  LayerSchema,
  MAX_PROPERTIES,
  OverlaySchema,
  PROPERTY_NAME_PATTERN,
  PropertiesSchema,
  ShapeIdSchema,
} from '../contract/index.js';
export type { Binding, BindingType, Overlay } from '../contract/index.js';

/** Keeps only the overlay's own fields, so rows carrying draft or store columns never leak further. */
export function pickOverlay(o: Overlay): Overlay {
  const out: Overlay = {
    externalId: o.externalId,
    shapeId: o.shapeId,
    label: o.label,
    binding: o.binding === null ? null : pickBinding(o.binding),
  };
  if (o.layer !== undefined) out.layer = o.layer;
  if (o.properties !== undefined && Object.keys(o.properties).length > 0) out.properties = { ...o.properties };
  return out;
}

function pickBinding(b: Binding): Binding {
  switch (b.type) {
    case 'device':
    case 'camera':
      return { type: b.type, device: b.device };
    case 'zone':
      return { type: 'zone', zone: b.zone };
    case 'unit':
      return { type: 'unit', unitId: b.unitId };
  }
}

/** The entity id a binding points at, whatever its type (for search and for CSV export). */
export function bindingTarget(b: Binding): string {
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

function sameBinding(a: Binding | null, b: Binding | null): boolean {
  if (a === null || b === null) return a === b;
  return a.type === b.type && bindingTarget(a) === bindingTarget(b);
}

/**
 * What differs between two versions of an overlay, as field names the user recognises
 * (`label`, `binding`, `properties.floor`, …), sorted. An empty property map equals no map.
 */
export function overlayChanges(before: Overlay, after: Overlay): string[] {
  const changes: string[] = [];
  if (before.shapeId !== after.shapeId) changes.push('shapeId');
  if (before.label !== after.label) changes.push('label');
  if (!sameBinding(before.binding, after.binding)) changes.push('binding');
  if ((before.layer ?? null) !== (after.layer ?? null)) changes.push('layer');
  const pa = before.properties ?? {};
  const pb = after.properties ?? {};
  const names = new Set([...Object.keys(pa), ...Object.keys(pb)]);
  for (const name of names) {
    if (pa[name] !== pb[name]) changes.push(`properties.${name}`);
  }
  return changes.sort();
}
