import type { FieldIssue } from '../../main/contract/index.js';

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
    const field = issue.path.split('.')[0] ?? '';
    if (Object.hasOwn(labels, field)) {
      const key = field as F;
      byField[key] ??= fieldMessage(labels[key], issue.message);
    } else {
      rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    }
  }
  return { byField, rest };
}
