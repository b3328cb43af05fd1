import { z } from 'zod';

/** `$.data.items`, `data.items`, `$.results[0].devices`, `$['odd key'].list`, or `$` for the root. */
export type JsonPath = (string | number)[];

export function parseJsonPath(path: string): JsonPath {
  const segments: JsonPath = [];
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  else if (rest !== '') rest = `.${rest}`;
  const token = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;
  while (rest !== '') {
    const m = token.exec(rest);
    if (m === null) {
      throw new Error(`cannot read "${path}" from "${rest}" on: write it like $.data.items or data.items`);
    }
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

const pathField = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `must name the ${what}`)
    .max(256, 'must be at most 256 characters')
    .superRefine((p, ctx) => {
      try {
        parseJsonPath(p);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    });

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

export const ExternalStatusConfigSchema = z
  .object({
    url: z
      .string()
      .trim()
      .max(2048, 'must be at most 2048 characters')
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http:// or https:// URL'),
    authHeader: z
      .object({
        name: z.string().regex(HEADER_NAME, 'must be an HTTP header name like Authorization or X-Api-Key'),
        // The value is a secret: kept, never echoed in errors or logs.
        value: z
          .string()
          .min(1, 'must not be empty')
          .max(4096, 'must be at most 4096 characters')
          .regex(/^[^\r\n]*$/, 'must be on one line'),
      })
      .strict()
      .optional(),
    listPath: pathField('list of items'),
    idField: pathField('id field'),
    statusField: pathField('status field'),
    pollIntervalSeconds: z.number().int().min(5, 'must be at least 5 seconds').max(86_400).default(30),
    timeoutMs: z
      .number()
      .int()
      .min(100, 'must be at least 100 ms')
      .max(60_000, 'must be at most 60000 ms')
      .default(5000),
  })
  .strict();
export type ExternalStatusConfig = z.infer<typeof ExternalStatusConfigSchema>;
