import type { z } from 'zod';
import { OutpostError, type MethodName, type Methods, type OutputOf } from '../contract/index.js';
import type { Auth } from '../auth/index.js';
import type { MediaSlice } from '../media/index.js';
import type { SiteStatusService, SvgProcessor } from '../sitemap/index.js';
import type { Scope, Store } from '../store/index.js';
import type { Config } from './config.js';
import type { CallContext, Session } from './core-types.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';
import type { PipelineParts } from './pipeline-wiring.js';

/** What every handler may use. Handlers get their dependencies here, never from globals. */
export interface HandlerDeps {
  store: Store;
  auth: Auth;
  bus: EventBus;
  config: Config;
  startedAt: number;
  /** The event pipeline, its source supervisor and embedder. */
  pipeline: PipelineParts;
  logger: Logger;
  now: () => number;
  /** Which embedder runs, for health reports. */
  embedderKind: 'onnx' | 'hashed-ngram';
  /** Live status of every site's entities (cached per site, pushed on change). */
  siteStatus: SiteStatusService;
  /** Sanitises uploaded SVGs and lists their overlay shapes in a worker thread, off the event loop. */
  svg: SvgProcessor;
  /** The media slice: files, links, retention, export, archive. */
  media: MediaSlice;
}

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
