import { z } from 'zod';
import type { Access } from './roles.js';
import { OutpostError, type FieldIssue } from './errors.js';

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
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses with `schema` or throws `invalid_input` naming every failing path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  throw new OutpostError('invalid_input', `Invalid ${what}: ${list}`, { issues });
}
