import type { CustomStatus, StatusMapping, StatusRule } from '../../../../main/contract/index.js';

/**
 * The status mapping as the table editor holds it: rows of text the user types, each with a
 * stable key for React, turned back into the contract's rules on save. A match written /like this/
 * is a regular expression (case-insensitive, as the server compiles it); anything else is compared
 * with the raw value as it is.
 */

/** The contract's NORMALISED_STATUSES, with the words the legend uses. */
export const BUILT_IN_STATUSES: readonly { name: string; label: string }[] = [
  { name: 'ok', label: 'OK' },
  { name: 'warning', label: 'Warning' },
  { name: 'alarm', label: 'Alarm' },
  { name: 'offline', label: 'Offline' },
  { name: 'unknown', label: 'Unknown' },
];

export interface RuleRow {
  key: string;
  match: string;
  status: string;
}

export interface CustomRow {
  key: string;
  name: string;
  label: string;
  color: string;
}

let nextKey = 0;
export const rowKey = (): string => `row-${++nextKey}`;

export function rowFromRule(rule: StatusRule): RuleRow {
  return {
    key: rowKey(),
    match: typeof rule.match === 'string' ? rule.match : `/${rule.match.pattern}/`,
    status: rule.status,
  };
}

export function ruleFromRow(row: RuleRow): StatusRule {
  const text = row.match.trim();
  const regex = /^\/(.+)\/$/s.exec(text);
  return { match: regex ? { pattern: regex[1]! } : text, status: row.status };
}

export function isRegexMatch(text: string): boolean {
  return /^\/(.+)\/$/s.test(text.trim());
}

export function customRowFrom(c: CustomStatus): CustomRow {
  return { key: rowKey(), name: c.name, label: c.label, color: c.color };
}

export function mappingFromRows(rules: readonly RuleRow[], custom: readonly CustomRow[]): StatusMapping {
  return {
    rules: rules.map(ruleFromRow),
    custom: custom.map((c) => ({ name: c.name.trim(), label: c.label.trim(), color: c.color })),
  };
}

export function rowsFromMapping(mapping: StatusMapping): { rules: RuleRow[]; custom: CustomRow[] } {
  return { rules: mapping.rules.map(rowFromRule), custom: mapping.custom.map(customRowFrom) };
}

export function moveRow<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export function removeRow<T>(rows: readonly T[], index: number): T[] {
  return rows.filter((_, i) => i !== index);
}

export function updateRow<T>(rows: readonly T[], index: number, changes: Partial<T>): T[] {
  return rows.map((row, i) => (i === index ? { ...row, ...changes } : row));
}

/**
 * "Map…" for an unmapped value: a rule for exactly that value, unless one already matches it
 * as text. Returns the rows and the index of the rule to focus.
 */
export function addRuleFor(
  rows: readonly RuleRow[],
  value: string,
  status = 'unknown',
): { rows: RuleRow[]; index: number } {
  const existing = rows.findIndex((r) => !isRegexMatch(r.match) && r.match.trim() === value);
  if (existing !== -1) return { rows: [...rows], index: existing };
  return { rows: [...rows, { key: rowKey(), match: value, status }], index: rows.length };
}

/** Statuses a rule may name: the built-ins, then the custom ones that have a name. */
export function statusOptions(custom: readonly CustomRow[]): { name: string; label: string }[] {
  const customs = custom
    .filter((c) => c.name.trim() !== '')
    .map((c) => ({ name: c.name.trim(), label: c.label.trim() || c.name.trim() }));
  return [...BUILT_IN_STATUSES, ...customs];
}

/** A name for a new custom status from its label: "Door forced" → "door-forced". */
export function customNameFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    // Accents go, the letters stay: "Été" → "ete".
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[^a-z]+/, '');
  return slug.slice(0, 32).replace(/-+$/, '');
}
