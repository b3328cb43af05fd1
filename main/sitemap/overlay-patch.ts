import type { z } from 'zod';
import { OverlaySchema } from './overlay-model.js';
import type { Binding, Overlay } from './overlay-model.js';

/**
 * What one import row asks for. A field left out (a CSV column not in the header, a JSON key not in
 * the object) keeps the overlay's current value, so a file of only `externalId,bindingType,
 * bindingTarget` rebinds without touching labels. `null` clears a field.
 */
export interface OverlayPatch {
  externalId: string;
  shapeId?: string | null;
  label?: string;
  binding?: Binding | null;
  layer?: string | null;
  /** Replace the whole property map (JSON `properties`). */
  properties?: Record<string, string>;
  /** Set (string) or remove (null) single properties, keeping the others (CSV `prop:<name>` columns). */
  propertyEdits?: Record<string, string | null>;
}

/** One data row of an import file, parsed but not yet compared with the existing overlays. */
export interface CandidateRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  externalId: string | null;
  /** Why the row cannot be imported; empty when `patch` is set. */
  reasons: string[];
  patch: OverlayPatch | null;
}

export type PatchResult = { overlay: Overlay; reasons?: undefined } | { overlay?: undefined; reasons: string[] };

/** Applies a row to the overlay it updates (or to nothing, for a new one) and validates the result. */
export function applyOverlayPatch(current: Overlay | undefined, patch: OverlayPatch): PatchResult {
  const label = patch.label ?? current?.label;
  if (label === undefined) {
    return { reasons: ['label is missing: a new overlay needs a label'] };
  }
  const next: Overlay = {
    externalId: patch.externalId,
    shapeId: patch.shapeId !== undefined ? patch.shapeId : (current?.shapeId ?? null),
    label,
    binding: patch.binding !== undefined ? patch.binding : (current?.binding ?? null),
  };
  const layer = patch.layer !== undefined ? patch.layer : current?.layer;
  if (layer !== undefined && layer !== null) next.layer = layer;

  // A null-prototype map: property names come from the file.
  const properties: Record<string, string> = Object.create(null) as Record<string, string>;
  Object.assign(properties, patch.properties ?? current?.properties ?? {});
  for (const [name, value] of Object.entries(patch.propertyEdits ?? {})) {
    if (value === null) delete properties[name];
    else properties[name] = value;
  }
  if (Object.keys(properties).length > 0) next.properties = { ...properties };

  const checked = OverlaySchema.safeParse(next);
  if (!checked.success) return { reasons: formatIssues(checked.error.issues) };
  return { overlay: checked.data };
}

/** Zod issues as `path: message` lines a user can act on. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const path = joinPath(prefix, issue.path);
    const message = / received undefined$/.test(issue.message) ? 'is missing' : issue.message;
    return path === '' ? message : `${path}: ${message}`;
  });
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
