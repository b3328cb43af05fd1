import { z } from 'zod';
import { OutpostError } from '../contract/index.js';

/**
 * The external status integration: where to ask (config) and how to read the answer (a list of
 * items somewhere in a JSON document, each with an id and a status). The HTTP call itself, with
 * retries and a circuit breaker, lives in the integration runner; this module only reads JSON.
 */

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

/** Reads `path` in `value`; undefined when any step is missing. Own properties only. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (typeof key === 'number' ? !Array.isArray(current) : !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
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

export interface ExternalStatusItem {
  externalId: string;
  rawStatus: string;
}

export interface ExtractedStatuses {
  items: ExternalStatusItem[];
  /** What was skipped and why, counted (one line per kind of problem, not per item). */
  problems: string[];
}

/** Lists this many item positions in a problem line, then counts the rest. */
const SHOW_POSITIONS = 5;

export function extractStatuses(
  config: Pick<ExternalStatusConfig, 'listPath' | 'idField' | 'statusField'>,
  json: unknown,
): ExtractedStatuses {
  const list = readJsonPath(json, parseJsonPath(config.listPath));
  if (!Array.isArray(list)) {
    const found = list === undefined ? 'nothing' : describe(list);
    throw new OutpostError(
      'unavailable',
      `The status API answered, but there is no list at "${config.listPath}" (found ${found}). Check the list path in the integration settings.`,
    );
  }
  const idPath = parseJsonPath(config.idField);
  const statusPath = parseJsonPath(config.statusField);
  const items: ExternalStatusItem[] = [];
  const seen = new Set<string>();
  const skipped = {
    notObject: [] as number[],
    noId: [] as number[],
    noStatus: [] as number[],
    duplicate: [] as number[],
  };
  list.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      skipped.notObject.push(i);
      return;
    }
    const id = scalarText(readJsonPath(item, idPath));
    const status = scalarText(readJsonPath(item, statusPath));
    if (id === null) skipped.noId.push(i);
    else if (status === null) skipped.noStatus.push(i);
    // The first one wins; letting a later one win would flip the colour with the API's order.
    else if (seen.has(id)) skipped.duplicate.push(i);
    else {
      seen.add(id);
      items.push({ externalId: id, rawStatus: status });
    }
  });
  const problems: string[] = [];
  const report = (positions: number[], what: string): void => {
    if (positions.length === 0) return;
    const shown = positions.slice(0, SHOW_POSITIONS).join(', ');
    const more = positions.length > SHOW_POSITIONS ? ` and ${positions.length - SHOW_POSITIONS} more` : '';
    const plural = positions.length > 1 ? 's' : '';
    problems.push(`${positions.length} item${plural} skipped, ${what} (position${plural} ${shown}${more})`);
  };
  report(skipped.notObject, 'not an object');
  report(skipped.noId, `no id at "${config.idField}"`);
  report(skipped.noStatus, `no status at "${config.statusField}"`);
  report(skipped.duplicate, 'id already listed (the first one is used)');
  return { items, problems };
}

/** Ids and statuses may come as strings, numbers or booleans; anything else counts as missing. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `a ${typeof value}`;
}
