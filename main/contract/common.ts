import { z } from 'zod';

/** ULIDs: 26 Crockford base-32 characters. */
export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (ULID)');
/** UTC milliseconds since the epoch. */
export const Millis = z.number().int().nonnegative();
export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
