import { z } from 'zod';
import type { Access } from './roles.js';
import { OutpostError, type FieldIssue } from './errors.js';
import { withTextRule } from './text-rules.js';

/**
 * One API method, declared once. Both transports (HTTP `POST /api/rpc/{name}` and Electron IPC)
 * and the OpenAPI document are derived from this declaration.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  input: I;
  output: O;
  /** The lowest role that may call it, or `public`. */
  access: Access;
  /** Tenant-scoped methods only ever see the caller's tenant. */
  tenantScoped: boolean;
  /** Creates, updates or deletes something: the call is written to the audit log. */
  mutates: boolean;
  /** Changes nothing but is written to the audit log all the same (a secret handed out). */
  audited?: boolean;
  /**
   * The installation role that serves it (`config.role`), when only one does: the hub's sync
   * methods on a site, or a site's on the hub, answer `conflict` naming the role. Absent: both.
   */
  serves?: InstallationRole;
}

export const INSTALLATION_ROLES = ['site', 'hub'] as const;
/** What an installation runs as: `site` (a workstation or edge box) or `hub` (gathers sites). */
export type InstallationRole = (typeof INSTALLATION_ROLES)[number];

/** Declares a method; its input is held to the text rule (text-rules.ts) wherever a string sits in it. */
export function defineMethod<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return { ...spec, input: withTextRule(spec.input) };
}

/** Issues by field path; one problem reported by two checks (a name's own and the text rule) is listed once. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message: issue.message });
  }
  return issues;
}

/** Parses with `schema` or throws `invalid_input` naming every failing path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  throw new OutpostError('invalid_input', `Invalid ${what}: ${list}`, { issues });
}
