import { EXTERNAL_ID_PATTERN, LabelSchema, ShapeIdSchema } from './overlay-model.js';
import type { Overlay } from './overlay-model.js';

/** The parts of an overlay-layer shape that a new overlay is made from. */
export interface ShapeForOverlay {
  shapeId: string;
  label: string | null;
}

const MAX_EXTERNAL_ID = 128;
const CONTROL_CHARS = /\p{Cc}+/gu;

/**
 * New overlays for the shapes of a freshly uploaded overlay layer that no overlay references yet,
 * unbound, in the shapes' order. The external id is the shape id when that is a valid external id
 * and still free; otherwise a derivation of it (disallowed characters become "-") made unique with
 * a numeric suffix, so uploading never renames or takes over an existing overlay. Shapes whose id
 * cannot be stored as a shape id (spaces, over 256 characters) are skipped: no overlay could point
 * at them.
 */
export function overlaysForShapes(shapes: readonly ShapeForOverlay[], existing: readonly Overlay[]): Overlay[] {
  const referenced = new Set<string>();
  const taken = new Set<string>();
  for (const overlay of existing) {
    taken.add(overlay.externalId);
    if (overlay.shapeId !== null) referenced.add(overlay.shapeId);
  }
  const created: Overlay[] = [];
  for (const shape of shapes) {
    if (referenced.has(shape.shapeId) || !ShapeIdSchema.safeParse(shape.shapeId).success) continue;
    referenced.add(shape.shapeId);
    const externalId = freeExternalId(shape.shapeId, taken);
    taken.add(externalId);
    created.push({ externalId, shapeId: shape.shapeId, label: labelFor(shape), binding: null });
  }
  return created;
}

function freeExternalId(shapeId: string, taken: ReadonlySet<string>): string {
  if (EXTERNAL_ID_PATTERN.test(shapeId) && !taken.has(shapeId)) return shapeId;
  const base =
    shapeId
      .replace(/[^A-Za-z0-9._:-]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      // Room for a "-123" suffix within the 128 characters.
      .slice(0, MAX_EXTERNAL_ID - 8) || 'shape';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The shape's label when it makes a valid one (control characters dropped), else its id. */
function labelFor(shape: ShapeForOverlay): string {
  const label = (shape.label ?? '').replace(CONTROL_CHARS, ' ').trim().slice(0, 200);
  if (label !== '' && LabelSchema.safeParse(label).success) return label;
  const id = shape.shapeId.replace(CONTROL_CHARS, '').slice(0, 200);
  return id === '' ? 'Shape' : id;
}
