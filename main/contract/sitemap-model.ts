import { z } from 'zod';
import { textCheck } from './text-rules.js';

/**
 * The site-map editor's domain: an overlay is one shape of the overlay SVG (or a shapeless marker)
 * with a label and, optionally, the entity whose status colours it. Overlays are keyed by an
 * external id the user controls, so bulk imports can upsert them and releases can be diffed.
 */

/** Characters an external id may hold: safe in CSV, URLs, SVG ids and log lines without quoting. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const EXTERNAL_ID_MESSAGE = 'must be 1 to 128 characters: letters, digits, ".", "_", ":" or "-"';

export const ExternalIdSchema = z.string().regex(EXTERNAL_ID_PATTERN, EXTERNAL_ID_MESSAGE);

/** The id of a device, camera, zone or unit: something the pipeline or the user named. */
export const EntityIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .superRefine(textCheck('line'));

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
  .superRefine(textCheck('line'));

export const LayerSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .superRefine(textCheck('line'));

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
    z.string().max(1000, 'property values are at most 1000 characters').superRefine(textCheck('text')),
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
