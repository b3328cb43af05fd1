import type { Binding, Overlay } from '../../../main/contract/index.js';

/** The entity a binding points at, as `sitemap.entity` and the status items name it. */
export function bindingTarget(binding: Binding): { type: Binding['type']; id: string } {
  if (binding.type === 'zone') return { type: 'zone', id: binding.zone };
  if (binding.type === 'unit') return { type: 'unit', id: binding.unitId };
  return { type: binding.type, id: binding.device };
}

/** The id whose status item colours the overlay: its binding's target, else its own external id. */
export function statusItemId(overlay: Overlay): string {
  return overlay.binding ? bindingTarget(overlay.binding).id : overlay.externalId;
}
