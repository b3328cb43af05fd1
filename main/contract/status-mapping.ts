import { z } from 'zod';

/**
 * Status mapping: from whatever an integration calls a state ("OK", "2", "door_forced") to
 * Outpost's normalised statuses, which the viewer colours and the legend explains. Rules are tried
 * in order, first match wins; a raw value that already names a status maps to it; anything else
 * is `unknown` and is listed for the user to map.
 */

export const NORMALISED_STATUSES = ['ok', 'warning', 'alarm', 'offline', 'unknown'] as const;
export type NormalisedStatus = (typeof NORMALISED_STATUSES)[number];

/** Raw values longer than this are cut before matching, which bounds what a user's regex can cost. */
export const MAX_RAW_STATUS_LENGTH = 256;

const COLOR = /^#[0-9a-fA-F]{6}$/;

export const CustomStatusSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9_-]{0,31}$/,
        'must be 1 to 32 lower-case letters, digits, "_" or "-", starting with a letter',
      )
      .refine((n) => !(NORMALISED_STATUSES as readonly string[]).includes(n), 'is already a built-in status'),
    color: z.string().regex(COLOR, 'must be a colour like #1e88e5'),
    label: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  })
  .strict();
export type CustomStatus = z.infer<typeof CustomStatusSchema>;

const PatternSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((p) => compiles(p), 'is not a valid regular expression');

export const StatusRuleSchema = z
  .object({
    match: z.union([
      z.string().trim().min(1, 'must not be empty').max(MAX_RAW_STATUS_LENGTH),
      z.object({ pattern: PatternSchema }).strict(),
    ]),
    status: z.string().min(1, 'must name a status'),
  })
  .strict();
export type StatusRule = z.infer<typeof StatusRuleSchema>;

export const StatusMappingSchema = z
  .object({
    rules: z.array(StatusRuleSchema).max(500, 'at most 500 rules'),
    custom: z.array(CustomStatusSchema).max(32, 'at most 32 custom statuses'),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const names = new Set<string>(NORMALISED_STATUSES);
    mapping.custom.forEach((c, i) => {
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: ['custom', i, 'name'], message: 'is used twice' });
      names.add(c.name);
    });
    mapping.rules.forEach((r, i) => {
      if (!names.has(r.status)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'status'],
          message: `"${r.status}" is not a status: use ${NORMALISED_STATUSES.join(', ')} or a custom status`,
        });
      }
    });
  });
export type StatusMapping = z.infer<typeof StatusMappingSchema>;

function compiles(pattern: string): boolean {
  try {
    // eslint-disable-next-line no-restricted-syntax -- compiled to check JavaScript syntax, never run; the Core runs the pattern on RE2
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}
