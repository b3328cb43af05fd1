import { OutpostError, type LoginResult } from '../contract/index.js';
import type { CallContext, Config, Logger, Session } from '../core/index.js';
import type { Store } from '../store/index.js';
import { createLoginLimiter } from './login-limiter.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { loadSigningKey } from './signing-key.js';
import { createTokenIssuer } from './tokens.js';
import { toUser } from './user-view.js';

export interface LoginInput {
  /** The tenant's slug (the contract defaults it to `default`). */
  tenant: string;
  /** Already trimmed and lower-cased by the contract's LoginInput. */
  email: string;
  password: string;
}

export interface Auth {
  /** Throws `unauthenticated` on a wrong email or password, `rate_limited` while locked out. */
  login(input: LoginInput, ctx: CallContext): Promise<LoginResult>;
  /** Resolves a bearer token to its live session, or throws `unauthenticated`. */
  authenticate(token: string | undefined): Promise<Session>;
  /** Revokes the session; its token stops working at once. */
  logout(session: Session): Promise<void>;
  hashPassword(password: string): Promise<string>;
}

export interface CreateAuthOptions {
  store: Store;
  config: Config;
  logger: Logger;
  /** The clock for session expiry, token expiry and lockouts. Tests move it; production leaves it. */
  now?: () => number;
}

const SESSION_ENDED = 'Your session has ended. Sign in again.';
const WRONG_CREDENTIALS =
  'The email or password is not right (or the account belongs to another organisation). Check them and try again.';
/** How long an address the user signed in from counts as their usual one for the login limiter. */
const FAMILIAR_DAYS = 30;

export function createAuth(options: CreateAuthOptions): Auth {
  const { store, config } = options;
  const log = options.logger.child({ module: 'auth' });
  const now = options.now ?? Date.now;
  const tokens = createTokenIssuer(loadSigningKey(config.dataDir, log), now);
  const limiter = createLoginLimiter({
    maxFailures: config.auth.loginMaxFailures,
    windowMinutes: config.auth.loginWindowMinutes,
    now,
  });
  const ended = (why: string, cause?: unknown): OutpostError => {
    log.debug({ why }, 'Rejected a session token');
    return new OutpostError('unauthenticated', SESSION_ENDED, cause === undefined ? {} : { cause });
  };

  return {
    async login(input, ctx) {
      // One lookup, exact: the tenant is named and emails are unique per tenant. An unknown
      // tenant and an unknown email take the same path and the same time as a wrong password.
      const tenant = store.tenants.getBySlug(input.tenant);
      const credential = tenant ? store.credentials.find(tenant.id, input.email) : undefined;
      // Asked whether or not the account exists, so this lookup takes the same time either way.
      const familiar = store.sessions.seenFrom(
        { tenantId: tenant?.id ?? '' },
        credential?.userId ?? '',
        ctx.address,
        now() - FAMILIAR_DAYS * 86_400_000,
      );
      const attempt = await limiter.begin(`${input.tenant}/${input.email}`, ctx.address, { familiar });
      let succeeded = false;
      try {
        // Unknown accounts still cost one scrypt, so timing does not reveal which accounts exist.
        const matches = await verifyPassword(input.password, credential?.passwordHash ?? (await dummyPasswordHash()));
        if (!tenant || !credential || !matches) throw new OutpostError('unauthenticated', WRONG_CREDENTIALS);
        // Only said to someone who knows the password.
        if (credential.disabledAt !== null) {
          throw new OutpostError('unauthenticated', 'This account is disabled. Ask an admin to enable it.');
        }
        if (tenant.disabledAt !== null) {
          throw new OutpostError(
            'unauthenticated',
            `The organisation '${tenant.slug}' is disabled. Ask the installation's admin to enable it.`,
          );
        }
        const scope = { tenantId: credential.tenantId };
        const user = store.users.get(scope, credential.userId);
        if (!user) throw new OutpostError('unauthenticated', WRONG_CREDENTIALS);
        const expiresAt = now() + config.auth.sessionTtlMinutes * 60_000;
        const session = store.sessions.create(scope, {
          userId: user.id,
          expiresAt,
          address: ctx.address,
          userAgent: ctx.userAgent ?? '',
        });
        const token = await tokens.sign({
          sub: user.id,
          tid: user.tenantId,
          sid: session.id,
          role: user.role,
          expiresAt: session.expiresAt,
        });
        succeeded = true;
        return { token, expiresAt: session.expiresAt, user: toUser(user) };
      } finally {
        if (succeeded) attempt.succeeded();
        else attempt.failed();
      }
    },
    async authenticate(token) {
      if (!token) throw new OutpostError('unauthenticated', 'Sign in first: this needs a session token.');
      let claims;
      try {
        claims = await tokens.verify(token);
      } catch (err) {
        throw ended('token does not verify', err);
      }
      const scope = { tenantId: claims.tid };
      const session = store.sessions.get(scope, claims.sid);
      const at = now();
      if (!session || session.userId !== claims.sub) throw ended('no such session');
      if (session.revokedAt !== null) throw ended('session revoked');
      if (session.expiresAt <= at) throw ended('session expired');
      const user = store.users.get(scope, claims.sub);
      if (!user || user.disabledAt !== null) throw ended('user missing or disabled');
      // Read on every call, so disabling a tenant (from the API or the command line) ends its sessions at once.
      if (store.tenants.get(user.tenantId)?.disabledAt !== null) throw ended('tenant missing or disabled');
      // The role and flag come from the user row, not the token, so a change applies at once.
      return {
        sessionId: session.id,
        userId: user.id,
        tenantId: user.tenantId,
        email: user.email,
        role: user.role,
        installationAdmin: user.installationAdmin,
        expiresAt: session.expiresAt,
      };
    },

    async logout(session) {
      store.sessions.revoke({ tenantId: session.tenantId }, session.sessionId);
    },

    hashPassword,
  };
}
