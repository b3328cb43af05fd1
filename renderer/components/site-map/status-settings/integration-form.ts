import type { FieldIssue, InputOf, Integration } from '../../../../main/contract/index.js';
import { mappingFromRows, rowsFromMapping, type CustomRow, type RuleRow } from './mapping-table.js';

/**
 * The Status tab's form: the integration as text fields, and back to `integrations.set` input.
 * Numbers stay strings while typed; a field that is not a whole number is reported here rather
 * than sent, because the server's message for a NaN would not say which box is wrong.
 */

/** The contract's SECRET_MASK: sending it back keeps the stored auth header value. */
export const SECRET_MASK = '********';

export interface IntegrationValues {
  kind: 'internal' | 'external';
  url: string;
  authName: string;
  /** Empty while a stored value is kept. */
  authValue: string;
  /** A value is stored on the server (it came back masked). */
  authStored: boolean;
  listPath: string;
  idField: string;
  statusField: string;
  pollIntervalSeconds: string;
  timeoutMs: string;
  offlineAfterMinutes: string;
  rules: RuleRow[];
  custom: CustomRow[];
}

export function valuesFromIntegration(integration: Integration): IntegrationValues {
  const ext = integration.external;
  return {
    kind: integration.kind,
    url: ext?.url ?? '',
    authName: ext?.authHeader?.name ?? '',
    authValue: '',
    authStored: ext?.authHeader !== undefined,
    listPath: ext?.listPath ?? '$.items',
    idField: ext?.idField ?? 'id',
    statusField: ext?.statusField ?? 'status',
    pollIntervalSeconds: String(ext?.pollIntervalSeconds ?? 30),
    timeoutMs: String(ext?.timeoutMs ?? 5000),
    offlineAfterMinutes: String(integration.offlineAfterMinutes),
    ...rowsFromMapping(integration.statusMapping),
  };
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

export type SetIntegration = InputOf<'integrations.set'>;

/** The input to send, or the fields (by contract path) that are not whole numbers. */
export function toInput(
  siteId: string,
  v: IntegrationValues,
): { input: SetIntegration; problems: null } | { input: null; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const number = (path: string, label: string, text: string): number => {
    const n = wholeNumber(text);
    if (n === null) problems[path] = `${label} must be a whole number`;
    return n ?? 0;
  };
  const offlineAfterMinutes = number('offlineAfterMinutes', 'Offline after', v.offlineAfterMinutes);
  const input: SetIntegration = {
    siteId,
    kind: v.kind,
    statusMapping: mappingFromRows(v.rules, v.custom),
    offlineAfterMinutes,
  };
  if (v.kind === 'external') {
    const pollIntervalSeconds = number('external.pollIntervalSeconds', 'Poll interval', v.pollIntervalSeconds);
    const timeoutMs = number('external.timeoutMs', 'Timeout', v.timeoutMs);
    const name = v.authName.trim();
    const value = v.authValue !== '' ? v.authValue : v.authStored ? SECRET_MASK : '';
    input.external = {
      url: v.url.trim(),
      ...(name !== '' || v.authValue !== '' ? { authHeader: { name, value } } : {}),
      listPath: v.listPath.trim(),
      idField: v.idField.trim(),
      statusField: v.statusField.trim(),
      pollIntervalSeconds,
      timeoutMs,
    };
  }
  return Object.keys(problems).length > 0 ? { input: null, problems } : { input, problems: null };
}

/** Issues by their full path (`external.url`, `statusMapping.rules.0.status`), first message kept. */
export function issuesByPath(issues: readonly FieldIssue[]): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of issues) byPath[issue.path] ??= issue.message;
  return byPath;
}

/** The first issue at `path` or below it (`statusMapping.rules.0.match` also covers `…match.pattern`). */
export function issueAt(byPath: Readonly<Record<string, string>>, path: string): string | undefined {
  if (byPath[path] !== undefined) return byPath[path];
  const below = Object.keys(byPath).find((p) => p.startsWith(`${path}.`));
  return below === undefined ? undefined : byPath[below];
}

/** Paths the form has a field for; issues elsewhere are shown at the top of the form. */
export function isFormPath(path: string): boolean {
  return (
    /^external\.(url|authHeader(\.(name|value))?|listPath|idField|statusField|pollIntervalSeconds|timeoutMs)$/.test(
      path,
    ) ||
    /^statusMapping\.(rules|custom)\.\d+\.(match|status|name|label|color)(\..*)?$/.test(path) ||
    path === 'offlineAfterMinutes' ||
    path === 'kind'
  );
}
