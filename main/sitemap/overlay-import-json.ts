import { z } from 'zod';
import { OutpostError } from '../contract/index.js';
import {
  BindingSchema,
  ExternalIdSchema,
  LabelSchema,
  LayerSchema,
  PropertiesSchema,
  ShapeIdSchema,
} from './overlay-model.js';
import { formatIssues } from './overlay-patch.js';
import type { CandidateRow, OverlayPatch } from './overlay-patch.js';

/**
 * Reads an overlay JSON file: an array of overlays, or `{ "overlays": [...] }`. Keys left out keep
 * the overlay's current value (see OverlayPatch); `null` clears shapeId, binding or layer.
 */

const ImportItemSchema = z
  .object({
    externalId: ExternalIdSchema,
    shapeId: ShapeIdSchema.nullable().optional(),
    label: LabelSchema.optional(),
    binding: BindingSchema.nullable().optional(),
    layer: LayerSchema.nullable().optional(),
    properties: PropertiesSchema.optional(),
  })
  .strict();

export function parseOverlayJson(text: string, maxRows: number): CandidateRow[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new OutpostError(
      'invalid_input',
      `The JSON file could not be read: ${(err as Error).message}. Fix it there and import again.`,
      { issues: [{ path: 'content', message: 'not valid JSON' }], cause: err },
    );
  }
  const wrapped = isObject(root) && !Array.isArray(root) && Array.isArray(root['overlays']);
  const items: unknown = wrapped ? (root as Record<string, unknown>)['overlays'] : root;
  if (!Array.isArray(items)) {
    throw new OutpostError(
      'invalid_input',
      'The JSON file must hold an array of overlays, or an object like {"overlays": [...]}.',
      { issues: [{ path: 'content', message: 'expected an array of overlays or {"overlays": [...]}' }] },
    );
  }
  if (items.length > maxRows) {
    throw new OutpostError(
      'payload_too_large',
      `The file has ${items.length.toLocaleString('en')} overlays, more than ${maxRows.toLocaleString('en')}. Split it into smaller files and import them one after the other.`,
      { issues: [{ path: 'content', message: `more than ${maxRows} overlays` }] },
    );
  }
  const lines = arrayItemLines(text, wrapped ? 'overlays' : null);
  const prefixOf = (i: number): string => (wrapped ? `overlays[${i}]` : `[${i}]`);
  return items.map((item: unknown, i): CandidateRow => {
    const line = lines[i] ?? 1;
    const rawId = isObject(item) ? item['externalId'] : undefined;
    const externalId = ExternalIdSchema.safeParse(rawId).success ? (rawId as string) : null;
    if (!isObject(item) || Array.isArray(item)) {
      return {
        line,
        externalId,
        reasons: [`${prefixOf(i)}: must be an object with externalId and label`],
        patch: null,
      };
    }
    // zod rebuilds records by assignment, which would silently drop a "__proto__" key: refuse it here.
    const props = item['properties'];
    if (isObject(props) && Object.hasOwn(props, '__proto__')) {
      return {
        line,
        externalId,
        reasons: [`${prefixOf(i)}.properties: "__proto__" is not allowed as a property name`],
        patch: null,
      };
    }
    const parsed = ImportItemSchema.safeParse(item);
    if (!parsed.success) {
      return { line, externalId, reasons: formatIssues(parsed.error.issues, prefixOf(i)), patch: null };
    }
    const { properties, ...rest } = parsed.data;
    const patch: OverlayPatch = { ...rest };
    // A JSON object is the whole property map; copy it without a prototype (names come from the file).
    if (properties !== undefined)
      patch.properties = Object.assign(Object.create(null), properties) as typeof properties;
    return { line, externalId, reasons: [], patch };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The 1-based line on which each element of the overlay array starts, so rows of a JSON import
 * point into the file like CSV rows do. `text` is already known to be valid JSON, so this scanner
 * only tracks strings, nesting and (for the wrapped form) the top-level key in front of the array.
 * One pass, no allocation per character.
 */
export function arrayItemLines(text: string, key: string | null): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let targetDepth = key === null ? 1 : -1;
  let expectingValue = false;
  let lastKey: string | null = null;
  let topLevelExpectsKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) {
      line++;
      continue;
    }
    if (ch === 32 || ch === 9 || ch === 13) continue;
    if (expectingValue && depth === targetDepth) {
      starts.push(line);
      expectingValue = false;
    }
    if (ch === 34 /* " */) {
      const end = stringEnd(text, i);
      if (key !== null && depth === 1 && topLevelExpectsKey) {
        lastKey = JSON.parse(text.slice(i, end + 1)) as string;
        topLevelExpectsKey = false;
      }
      i = end;
    } else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      depth++;
      if (depth === 1 && ch === 123) topLevelExpectsKey = true;
      if (ch === 91 && key !== null && depth === 2 && lastKey === key) {
        // A repeated key: JSON.parse keeps the last one, so do the same.
        targetDepth = 2;
        starts.length = 0;
      }
      if (ch === 91 && depth === targetDepth) expectingValue = true;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      if (depth === targetDepth) expectingValue = false;
      if (depth === 2 && key !== null && targetDepth === 2) targetDepth = -2; // done with that array
      depth--;
    } else if (ch === 44 /* , */) {
      if (depth === targetDepth) expectingValue = true;
      if (depth === 1 && key !== null) topLevelExpectsKey = true;
    }
  }
  return starts;
}

/** Index of the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const next = text.indexOf('"', i);
    if (next === -1) return text.length - 1;
    let backslashes = 0;
    for (let j = next - 1; text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return next;
    i = next + 1;
  }
}
