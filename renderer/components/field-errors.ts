import type { FieldIssue } from '../../main/contract/index.js';
import { ApiError, describeError } from '../api/api-error.js';

export interface SplitIssues<F extends string> {
  /** The first message for each field the form shows, phrased to stand beside the field. */
  byField: Partial<Record<F, string>>;
  /** Issues about the whole input or about fields the form does not have. */
  rest: string[];
}

/** "is required" next to a field labelled Name reads better as "Name is required". */
export function fieldMessage(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** Sorts an `invalid_input` answer's issues onto the form's fields by their path. */
export function splitIssues<F extends string>(issues: FieldIssue[], labels: Record<F, string>): SplitIssues<F> {
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    // A form may name a nested field ('admin.email') or only its top ('config' for all of config.*).
    const field = Object.hasOwn(labels, issue.path) ? issue.path : (issue.path.split('.')[0] ?? '');
    if (Object.hasOwn(labels, field)) {
      const key = field as F;
      byField[key] ??= fieldMessage(labels[key], issue.message);
    } else {
      rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    }
  }
  // In the form's order, so the summary reads the way the eye and the Tab key go.
  const ordered: Partial<Record<F, string>> = {};
  for (const key of Object.keys(labels) as F[]) if (byField[key] !== undefined) ordered[key] = byField[key];
  return { byField: ordered, rest };
}

/**
 * A form's fields: their labels (issues sorted by path), or its own sorting where fields come and go
 * with a choice (a source's kind).
 */
export type FieldsOf<F extends string> = Record<F, string> | ((issues: FieldIssue[]) => SplitIssues<F>);

/**
 * Shows a failed call where a form shows it: input issues beside their fields (and any others in the
 * form's error line), every other failure in words in the error line.
 */
export function showCallError<F extends string>(
  err: unknown,
  fields: FieldsOf<F>,
  show: { fields(byField: Partial<Record<F, string>>): void; error(text: string): void },
): void {
  if (err instanceof ApiError && err.issues.length > 0) {
    const { byField, rest } = typeof fields === 'function' ? fields(err.issues) : splitIssues(err.issues, fields);
    show.fields(byField);
    if (rest.length > 0) show.error(rest.join(' '));
  } else show.error(describeError(err));
}

/**
 * The one line a form's live region reads out when fields were refused, so a screen reader hears
 * every problem at once (each field also carries its own message).
 */
export function issueSummary(byField: Partial<Record<string, string>>, formError: string | null = null): string | null {
  const messages = Object.values(byField).filter((m): m is string => !!m);
  const parts: string[] = [];
  if (messages.length === 1) parts.push(`Check one field: ${messages[0]}.`);
  else if (messages.length > 1) parts.push(`Check ${messages.length} fields: ${messages.join('; ')}.`);
  if (formError) parts.push(formError);
  return parts.length > 0 ? parts.join(' ') : null;
}
