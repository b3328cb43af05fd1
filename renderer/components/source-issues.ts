import type { FieldIssue, SourceKindName } from '../../main/contract/index.js';
import { fieldMessage } from './field-errors.js';
import { CONFIG_FIELDS, fieldForPath } from './source-kinds.js';

function labelFor(kind: SourceKindName, key: string): string {
  if (key === 'name') return 'Name';
  if (key === 'kind') return 'Kind';
  return CONFIG_FIELDS[kind].find((f) => f.key === key)?.label ?? key;
}

/**
 * Sorts an `invalid_input` answer for a source form: issues naming a field the form shows go
 * beside it (`config.topics.0` → Topics), the others above the form with their path.
 */
export function sourceIssues(
  kind: SourceKindName,
  issues: readonly FieldIssue[],
): { byField: Record<string, string | undefined>; rest: string[] } {
  const byField: Record<string, string | undefined> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const key = fieldForPath(kind, issue.path);
    if (key) byField[key] ??= fieldMessage(labelFor(kind, key), issue.message);
    else rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { byField, rest };
}
