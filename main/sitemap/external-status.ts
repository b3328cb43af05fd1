import { OutpostError, parseJsonPath } from '../contract/index.js';
import type { ExternalStatusConfig, JsonPath } from '../contract/index.js';

export { parseJsonPath, ExternalStatusConfigSchema } from '../contract/index.js';
export type { JsonPath, ExternalStatusConfig } from '../contract/index.js';

/**
 * The external status integration: where to ask (config) and how to read the answer (a list of
 * items somewhere in a JSON document, each with an id and a status). The HTTP call itself, with
 * retries and a circuit breaker, lives in the integration runner; this module only reads JSON.
 */

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
