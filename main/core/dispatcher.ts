import {
  DEFAULT_TENANT_SLUG,
  OutpostError,
  type InstallationRole,
  describeAccess,
  mayCall,
  parseOrThrow,
  toOutpostError,
} from '../contract/index.js';
import type { Auth } from '../auth/index.js';
import type { AuditEntry, Store } from '../store/index.js';
import { auditDetail } from './audit-detail.js';
import type { CallContext, Session } from './core-types.js';
import type { MethodTable } from './method-table.js';
import type { Logger } from './logger.js';

export interface Dispatcher {
  call(method: string, input: unknown, ctx: CallContext): Promise<unknown>;
}

export interface DispatcherOptions {
  store: Store;
  auth: Auth;
  /** The one method table (mergeMethodTables): what is not in it does not exist. */
  methods: MethodTable;
  logger: Logger;
  /** Where audit entries go when the caller has no tenant (no token, unknown email). */
  defaultTenantId: string;
  /** What this installation runs as: methods that only the other role serves answer `conflict`. */
  role: InstallationRole;
}

/** Not `mutates`, but who signed in and out (and who failed to) belongs in the audit log. */
const ALSO_AUDITED: ReadonlySet<string> = new Set(['auth.login', 'auth.logout']);

const DENIED: ReadonlySet<string> = new Set(['unauthenticated', 'forbidden', 'rate_limited']);

function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

type Named = { id: string; tenantId: string; email: string };
const isNamed = (value: unknown): value is Named =>
  typeof value === 'object' &&
  value !== null &&
  ['id', 'tenantId', 'email'].every((key) => typeof (value as Record<string, unknown>)[key] === 'string');

/** The user an answer is about: `{ user }` (auth.login, auth.setPassword) or a user itself (auth.createFirstAdmin). */
function userOf(output: unknown): Named | undefined {
  const inner = (output as { user?: unknown } | undefined)?.user;
  if (isNamed(inner)) return inner;
  return isNamed(output) ? output : undefined;
}

/**
 * The one path every call takes, whatever the transport: authenticate, check the role, validate
 * input, scope to the tenant, run the handler, validate output, audit.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, auth, methods, defaultTenantId, role } = options;
  const log = options.logger.child({ module: 'dispatcher' });

  type Actor = Pick<AuditEntry, 'actorUserId' | 'actorEmail'> & { tenantId: string };

  const actorOf = (method: string, input: unknown, output: unknown, session: Session | undefined): Actor => {
    if (session) return { tenantId: session.tenantId, actorUserId: session.userId, actorEmail: session.email };
    // A public call that answers with its user (signed in, created the first admin, set a password
    // from a link) is that user's doing, recorded in their tenant.
    const user = userOf(output);
    if (user) return { tenantId: user.tenantId, actorUserId: user.id, actorEmail: user.email };
    if (method === 'auth.login') {
      // A failed login is recorded in the tenant of the account it tried, so that tenant's admins see it.
      const { email: raw, tenant: slug } = (input ?? {}) as { email?: unknown; tenant?: unknown };
      const email = typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 254) : '';
      const tenant = store.tenants.getBySlug(typeof slug === 'string' ? slug : DEFAULT_TENANT_SLUG);
      const credential = email && tenant ? store.credentials.find(tenant.id, email) : undefined;
      if (credential) return { tenantId: credential.tenantId, actorUserId: credential.userId, actorEmail: email };
      return { tenantId: defaultTenantId, actorUserId: null, actorEmail: email };
    }
    return { tenantId: defaultTenantId, actorUserId: null, actorEmail: '' };
  };

  const audit = (
    method: string,
    ctx: CallContext,
    input: unknown,
    outcome: AuditEntry['outcome'],
    session: Session | undefined,
    output?: unknown,
    error?: OutpostError,
  ) => {
    try {
      const { tenantId, ...actor } = actorOf(method, input, output, session);
      store.audit.write(
        { tenantId },
        {
          ...actor,
          action: method,
          targetId: method === 'auth.login' ? null : (idOf(output) ?? idOf(input)),
          detail: auditDetail(input, error && { code: error.code, message: error.message }),
          outcome,
          transport: ctx.transport,
          address: ctx.address,
        },
      );
    } catch (err) {
      // The call's own outcome stands; a lost audit entry is an operator problem to see in the log.
      log.error({ err, method, outcome }, 'Could not write the audit log entry');
    }
  };

  return {
    async call(method, rawInput, ctx) {
      const entry = methods.get(method);
      if (!entry) {
        throw new OutpostError('unknown_method', `There is no method '${method}'. The list is at /docs.`);
      }
      const { spec } = entry;
      const audited = spec.mutates || spec.audited === true || ALSO_AUDITED.has(method);
      let session: Session | undefined;
      let input: unknown = rawInput;
      try {
        if (spec.access !== 'public') {
          session = await auth.authenticate(ctx.token);
          if (!mayCall(spec.access, session)) {
            throw new OutpostError(
              'forbidden',
              `Your role (${session.role}) cannot do ${method}; it needs ${describeAccess(spec.access)}. Ask an admin.`,
            );
          }
        }
        if (spec.serves !== undefined && spec.serves !== role) {
          throw new OutpostError(
            'conflict',
            spec.serves === 'hub'
              ? `${method} is for the hub, and this Outpost runs as a site. Call it on the hub (outpost serve --role hub).`
              : `${method} is for a site, and this Outpost runs as the hub. Call it on the site.`,
          );
        }
        input = parseOrThrow(spec.input, rawInput);
        const scope = spec.tenantScoped && session ? { tenantId: session.tenantId } : undefined;
        const output: unknown = await entry.handler(input as never, { call: ctx, session, scope });
        const checked = spec.output.safeParse(output);
        if (!checked.success) {
          log.error({ method, issues: checked.error.issues }, 'A handler returned output that breaks the contract');
          throw new OutpostError('internal', 'Something went wrong inside Outpost. The details are in the server log.');
        }
        if (audited) audit(method, ctx, input, 'ok', session, checked.data);
        return checked.data;
      } catch (thrown) {
        const err = toOutpostError(thrown);
        if (err !== thrown) log.error({ err: thrown, method }, 'A call failed unexpectedly');
        if (audited) audit(method, ctx, input, DENIED.has(err.code) ? 'denied' : 'failed', session, undefined, err);
        throw err;
      }
    },
  };
}
