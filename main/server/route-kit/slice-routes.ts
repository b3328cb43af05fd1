import type { FastifyInstance } from 'fastify';
import type { ErrorCode, MethodName } from '../../contract/index.js';
import type { CallContext, Session } from '../../core/slice-kit/index.js';

/** What the server lends a slice's routes: the Core's front door, never its parts. */
export interface RouteHost {
  /** Runs a contract method as the request's caller: role, validation and audit as for any call. */
  call(method: string, input: unknown, ctx: CallContext): Promise<unknown>;
  /** Resolves a bearer token to its session, or throws `unauthenticated`. */
  authenticate(token: string | undefined): Promise<Session>;
  /** `server.bodyLimitBytes`, for error answers about bodies. */
  readonly bodyLimitBytes: number;
}

/**
 * Which rate limit applies under a path prefix, when not the default bucket per user and address:
 * `public`, the bucket per address of anonymous endpoints (`rateLimit.publicBurst`,
 * `publicRefillPerSecond`); `own`, none from the server, because the routes limit themselves (a
 * device posting events has no user to key a bucket by).
 */
export interface RateLimitRule {
  prefix: `/api/${string}`;
  bucket: 'public' | 'own';
}

/**
 * A contract method whose JSON body carries whole files: `POST /api/rpc/{method}` gets a body limit
 * of its own instead of `server.bodyLimitBytes`, and only a caller allowed to call it may send that
 * much (checked before the body is read).
 */
export interface LargeRpcBody {
  method: MethodName;
  limitBytes: number;
  /** What the caller can do when the body is over the limit. */
  hint: string;
}

/** Builds the OpenAPI error responses of a path from the error codes it may answer with. */
export type ErrorResponses = (codes: ErrorCode[]) => Record<string, unknown>;

/**
 * HTTP routes that a slice owns (its public endpoints, uploads, streams). The Core hands the server
 * its slices' registrations; the server mounts each in a plugin scope of its own, after its own
 * hooks (security headers, metrics, rate limits, the shutdown gate), so slice routes get them too.
 */
export interface SliceRoutes {
  register(app: FastifyInstance, host: RouteHost): Promise<void> | void;
  /** Prefixes these routes serve whose rate limit is not the per-user one. */
  readonly rateLimits?: readonly RateLimitRule[];
  /** The slice's methods that take larger rpc bodies than `server.bodyLimitBytes`. */
  readonly largeRpcBodies?: readonly LargeRpcBody[];
  /** The routes' entries in the OpenAPI document at /docs. */
  openApiPaths?(errorResponses: ErrorResponses): Record<string, unknown>;
}
