import type { Binding, BindingType, Overlay, OverlayShape } from '../../../../main/contract/index.js';
import type { OverlayEdit } from './undo-stack.js';

/**
 * The editor's pure overlay logic: applying edits to the working copy, batching unsaved edits
 * into one `sitemap.saveOverlays` call, and naming new overlays. Rules duplicated from the
 * contract's schemas (the renderer imports only types) say so; the server checks them again.
 */

/** The contract's EXTERNAL_ID_PATTERN. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const CONTROL_CHARS = /\p{Cc}/u;

/** Applies edits in order; the result keeps the list's order, new overlays at the end. */
export function applyEdits(overlays: readonly Overlay[], edits: readonly OverlayEdit[]): Overlay[] {
  const next = new Map(overlays.map((o) => [o.externalId, o]));
  for (const e of edits) {
    if (e.after === null) next.delete(e.externalId);
    else next.set(e.externalId, e.after);
  }
  return [...next.values()];
}

/** Unsaved edits by external id: the overlay's latest value, or null for "delete it". */
export type PendingChanges = ReadonlyMap<string, Overlay | null>;

/** Adds edits to what is waiting to be saved; a later edit of the same overlay replaces the earlier one. */
export function addPending(pending: PendingChanges, edits: readonly OverlayEdit[]): Map<string, Overlay | null> {
  const next = new Map(pending);
  for (const e of edits) next.set(e.externalId, e.after);
  return next;
}

/**
 * Puts a batch that failed to save back in front of what was edited since: the newer edits win,
 * so retrying saves the latest state of every overlay.
 */
export function requeue(failed: PendingChanges, newer: PendingChanges): Map<string, Overlay | null> {
  const next = new Map(failed);
  for (const [id, value] of newer) next.set(id, value);
  return next;
}

export function toSaveInput(pending: PendingChanges): { upserts: Overlay[]; deletes: string[] } {
  const upserts: Overlay[] = [];
  const deletes: string[] = [];
  for (const [id, value] of pending) {
    if (value === null) deletes.push(id);
    else upserts.push(value);
  }
  return { upserts, deletes };
}

/** What an overlay is bound to, as the side panel shows it. */
export function bindingTarget(binding: Binding | null): string {
  if (binding === null) return '';
  switch (binding.type) {
    case 'device':
    case 'camera':
      return binding.device;
    case 'zone':
      return binding.zone;
    case 'unit':
      return binding.unitId;
  }
}

export function makeBinding(type: BindingType, target: string): Binding {
  switch (type) {
    case 'device':
      return { type: 'device', device: target };
    case 'camera':
      return { type: 'camera', device: target };
    case 'zone':
      return { type: 'zone', zone: target };
    case 'unit':
      return { type: 'unit', unitId: target };
  }
}

export const BINDING_LABELS: Record<BindingType, string> = {
  device: 'Device',
  camera: 'Camera',
  zone: 'Zone',
  unit: 'Unit',
};

/** "Device door-12", "Unit B-204", "Not bound". */
export function describeBinding(binding: Binding | null): string {
  return binding === null ? 'Not bound' : `${BINDING_LABELS[binding.type]} ${bindingTarget(binding)}`;
}

/** Null when the label is fine, else why not (the contract's LabelSchema). */
export function labelProblem(label: string): string | null {
  if (label.length === 0) return 'Label must not be empty';
  if (label.length > 200) return 'Label must be at most 200 characters';
  if (CONTROL_CHARS.test(label)) return 'Label must not contain control characters';
  return null;
}

/** Null when the id can be bound to, else why not (the contract's EntityIdSchema). */
export function entityIdProblem(id: string): string | null {
  if (id.length === 0) return 'must not be empty';
  if (id.length > 128) return 'must be at most 128 characters';
  if (CONTROL_CHARS.test(id)) return 'must not contain control characters';
  return null;
}

/**
 * An external id for a new overlay on `shapeId`: the shape id itself when it is a valid external
 * id nobody uses, else a cleaned-up form of it with -2, -3… until it is free.
 */
export function externalIdForShape(shapeId: string, taken: ReadonlySet<string>): string {
  const cleaned = shapeId.replace(/[^A-Za-z0-9._:-]+/g, '-').slice(0, 120) || 'overlay';
  if (EXTERNAL_ID_PATTERN.test(cleaned) && !taken.has(cleaned)) return cleaned;
  for (let n = 2; ; n++) {
    const candidate = `${cleaned}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A new, unbound overlay for a shape of the overlay layer, labelled from the shape when it has a label. */
export function overlayForShape(
  shape: OverlayShape | { shapeId: string; label: null },
  taken: ReadonlySet<string>,
): Overlay {
  const label = shape.label?.trim().slice(0, 200) || shape.shapeId.slice(0, 200);
  return { externalId: externalIdForShape(shape.shapeId, taken), shapeId: shape.shapeId, label, binding: null };
}

/** Overlays whose text (label, external id, shape id, binding) contains `query`, optionally only unbound ones. */
export function filterOverlays(overlays: readonly Overlay[], query: string, unboundOnly: boolean): Overlay[] {
  const q = query.trim().toLowerCase();
  return overlays.filter((o) => {
    if (unboundOnly && o.binding !== null) return false;
    if (q === '') return true;
    return [o.label, o.externalId, o.shapeId ?? '', bindingTarget(o.binding)].some((t) => t.toLowerCase().includes(q));
  });
}
