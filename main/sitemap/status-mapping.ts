import { linearRegexProblem } from '../../native/regex/index.js';
import { NORMALISED_STATUSES, MAX_RAW_STATUS_LENGTH, OutpostError } from '../contract/index.js';
import type { FieldIssue, NormalisedStatus, StatusMapping } from '../contract/index.js';
import { matchStatus, type MappedStatus } from './mapping-matcher.js';

/**
 * Status mapping: from whatever an integration calls a state ("OK", "2", "door_forced") to
 * Outpost's normalised statuses, which the viewer colours and the legend explains. Rules are tried
 * in order, first match wins; a raw value that already names a status maps to it; anything else
 * is `unknown` and is listed for the user to map. The schemas live in the contract.
 */
export {
  NORMALISED_STATUSES,
  MAX_RAW_STATUS_LENGTH,
  CustomStatusSchema,
  StatusRuleSchema,
  StatusMappingSchema,
} from '../contract/index.js';
export type { NormalisedStatus, CustomStatus, StatusRule, StatusMapping } from '../contract/index.js';

export const EMPTY_STATUS_MAPPING: StatusMapping = { rules: [], custom: [] };

export type RawStatus = string | number | boolean | null | undefined;
export type { MappedStatus };

/**
 * Refuses a mapping whose patterns cannot run on the linear-time engine (backreferences, lookaround),
 * naming each rule's field (`<at>.rules.N.match.pattern`) and the reason. The contract's schema
 * checks JavaScript syntax only: it imports nothing but zod, and the engine is a native addon.
 */
export function assertRunnableStatusMapping(mapping: StatusMapping, at = 'statusMapping'): void {
  const issues: FieldIssue[] = [];
  const sentences: string[] = [];
  mapping.rules.forEach((rule, i) => {
    if (typeof rule.match === 'string') return;
    const problem = linearRegexProblem(rule.match.pattern, 'i');
    if (problem === null) return;
    issues.push({ path: `${at}.rules.${i}.match.pattern`, message: problem });
    sentences.push(`Rule ${i + 1} (/${rule.match.pattern}/) ${problem}`);
  });
  if (issues.length > 0) {
    throw new OutpostError('invalid_input', `The status mapping cannot be used. ${sentences.join(' ')}`, { issues });
  }
}

function rawText(raw: RawStatus): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw).trim().slice(0, MAX_RAW_STATUS_LENGTH);
  return text === '' ? null : text;
}

export function applyStatusMapping(mapping: StatusMapping, rawStatus: RawStatus): MappedStatus {
  const text = rawText(rawStatus);
  return text === null ? { status: 'unknown', mapped: false } : matchStatus(mapping, text);
}

/** The distinct raw values no rule maps, sorted, for the "map these" list (case-insensitively distinct). */
export function collectUnmapped(mapping: StatusMapping, rawStatuses: Iterable<RawStatus>): string[] {
  const seen = new Map<string, string>();
  for (const raw of rawStatuses) {
    const text = rawText(raw);
    if (text === null || seen.has(text.toLowerCase())) continue;
    if (!applyStatusMapping(mapping, text).mapped) seen.set(text.toLowerCase(), text);
  }
  return [...seen.values()].sort((a, b) => {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}

export interface StatusStyle {
  label: string;
  /** Fill colour of the overlay and the legend swatch. */
  color: string;
  /** Text drawn on `color`: black or white, whichever contrasts more (WCAG). */
  text: string;
}

export const STATUS_COLORS: Readonly<Record<NormalisedStatus, StatusStyle>> = {
  ok: { label: 'OK', color: '#2e7d32', text: contrastText('#2e7d32') },
  warning: { label: 'Warning', color: '#f9a825', text: contrastText('#f9a825') },
  alarm: { label: 'Alarm', color: '#c62828', text: contrastText('#c62828') },
  offline: { label: 'Offline', color: '#546e7a', text: contrastText('#546e7a') },
  unknown: { label: 'Unknown', color: '#9e9e9e', text: contrastText('#9e9e9e') },
};

/** Legend entries: the built-in statuses, then the mapping's custom ones. */
export function statusLegend(mapping: StatusMapping): ({ status: string } & StatusStyle)[] {
  return [
    ...NORMALISED_STATUSES.map((status) => ({ status, ...STATUS_COLORS[status] })),
    ...mapping.custom.map((c) => ({ status: c.name, label: c.label, color: c.color, text: contrastText(c.color) })),
  ];
}

/** Style of any status name; an unknown name (a custom status since removed) is drawn as unknown. */
export function statusStyle(mapping: StatusMapping, status: string): StatusStyle {
  if ((NORMALISED_STATUSES as readonly string[]).includes(status)) return STATUS_COLORS[status as NormalisedStatus];
  const custom = mapping.custom.find((c) => c.name === status);
  return custom
    ? { label: custom.label, color: custom.color, text: contrastText(custom.color) }
    : STATUS_COLORS.unknown;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function relativeLuminance(color: string): number {
  const channel = (i: number): number => {
    const v = parseInt(color.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function contrastText(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}
