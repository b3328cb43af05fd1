import { z } from 'zod';

/**
 * The site-map editor's domain: an overlay is one shape of the overlay SVG (or a shapeless marker)
 * with a label and, optionally, the entity whose status colours it. Overlays are keyed by an
 * external id the user controls, so bulk imports can upsert them and releases can be diffed.
 */

/** Characters an external id may hold: safe in CSV, URLs, SVG ids and log lines without quoting. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const EXTERNAL_ID_MESSAGE = 'must be 1 to 128 characters: letters, digits, ".", "_", ":" or "-"';

/** No control characters: these strings end up in SVG titles, CSV exports and logs. */
const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;

export const ExternalIdSchema = z.string().regex(EXTERNAL_ID_PATTERN, EXTERNAL_ID_MESSAGE);

/** The id of a device, camera, zone or unit: something the pipeline or the user named. */
export const EntityIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');

export const BINDING_TYPES = ['device', 'camera', 'zone', 'unit'] as const;
export type BindingType = (typeof BINDING_TYPES)[number];

export const BindingSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('device'), device: EntityIdSchema }).strict(),
    z.object({ type: z.literal('camera'), device: EntityIdSchema }).strict(),
    z.object({ type: z.literal('zone'), zone: EntityIdSchema }).strict(),
    z.object({ type: z.literal('unit'), unitId: EntityIdSchema }).strict(),
  ],
  {
    // zod's default ("Invalid input") does not tell the user what to write instead.
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'must be "device", "camera", "zone" or "unit"'
        : 'must be an object like {"type": "device", "device": "door-12"}, or null',
  },
);
export type Binding = z.infer<typeof BindingSchema>;

/** An SVG element id from the overlay layer (XML names are long-winded; 256 is plenty). */
export const ShapeIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .regex(/^\S+$/, 'must not contain spaces');

export const LabelSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');

export const LayerSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');

/** No leading `__`, so a property can never be named `__proto__` and reach an object's prototype. */
export const PROPERTY_NAME_PATTERN = /^(?!__)[A-Za-z0-9._:-]{1,64}$/;
export const MAX_PROPERTIES = 50;

export const PropertiesSchema = z
  .record(
    z
      .string()
      .regex(
        PROPERTY_NAME_PATTERN,
        'property names are 1 to 64 letters, digits, ".", "_", ":" or "-", not starting with "__"',
      ),
    z.string().max(1000, 'property values are at most 1000 characters'),
  )
  .refine((p) => Object.keys(p).length <= MAX_PROPERTIES, `at most ${MAX_PROPERTIES} properties per overlay`);

export const OverlaySchema = z
  .object({
    externalId: ExternalIdSchema,
    shapeId: ShapeIdSchema.nullable(),
    label: LabelSchema,
    binding: BindingSchema.nullable(),
    layer: LayerSchema.optional(),
    properties: PropertiesSchema.optional(),
  })
  .strict();
export type Overlay = z.infer<typeof OverlaySchema>;

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
