import type { z } from 'zod';
import { OutpostError, type MethodName, type Methods, type OutputOf } from '../../contract/index.js';
import type { Scope } from '../../store/index.js';
import type { CallContext, Session } from './call-types.js';

/** Set by the dispatcher: `session` for every non-public method, `scope` for tenant-scoped ones. */
export interface HandlerContext {
  call: CallContext;
  session: Session | undefined;
  scope: Scope | undefined;
}

/** Input has already been parsed by the method's schema; output is checked by the dispatcher. */
export type Handler<M extends MethodName> = (
  input: z.output<Methods[M]['input']>,
  ctx: HandlerContext,
) => OutputOf<M> | Promise<OutputOf<M>>;

export type HandlerTable = { [M in MethodName]: Handler<M> };

/** The dispatcher always sets these for non-public methods; missing means the method's spec is wrong. */
export function sessionOf(ctx: HandlerContext): Session {
  if (!ctx.session) throw new OutpostError('internal', 'A handler that needs a session ran without one.');
  return ctx.session;
}

export function scopeOf(ctx: HandlerContext): Scope {
  if (!ctx.scope) throw new OutpostError('internal', 'A tenant-scoped handler ran without a tenant scope.');
  return ctx.scope;
}
