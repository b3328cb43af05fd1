import { OutpostError, type User } from '../contract/index.js';
import { TokenBuckets } from '../server/route-kit/index.js';
import type { CallContext } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';
import { toUser } from './user-view.js';

export interface FirstRun {
  /** True while the installation has no user at all. */
  needed(): boolean;
  /**
   * Creates the first admin (role admin, installation admin, default organisation). `conflict` once
   * any user exists, even when two requests race; `rate_limited` past the per-address budget.
   */
  createAdmin(input: { email: string; name?: string | undefined; password: string }, ctx: CallContext): Promise<User>;
}

const TAKEN =
  'This installation already has its first admin. Sign in, or ask an admin for an account (Settings → Users).';

/**
 * "Create the first admin" without a terminal. Until then anyone who can reach the server could
 * claim the installation (as with Grafana's or Gitea's first-run page), so it is open only while
 * there is no user at all, decided by one SQL statement, and limited per address.
 */
export function createFirstRun(options: {
  store: Pick<Store, 'users' | 'tenants'>;
  hashPassword(password: string): Promise<string>;
  perMinute: number;
  now: () => number;
}): FirstRun {
  const { store } = options;
  const buckets = new TokenBuckets({
    burst: options.perMinute,
    refillPerSecond: options.perMinute / 60,
    maxKeys: 1_000,
    now: options.now,
  });
  return {
    needed: () => store.users.countAll() === 0,
    async createAdmin(input, ctx) {
      // Said before any limit: once claimed, the answer is the same for everyone and costs nothing.
      if (store.users.countAll() > 0) throw new OutpostError('conflict', TAKEN);
      const taken = buckets.take(ctx.address);
      if (!taken.allowed) {
        throw new OutpostError(
          'rate_limited',
          `Too many attempts from this address. Wait ${taken.retryAfterSeconds} s and try again.`,
          { retryAfterSeconds: taken.retryAfterSeconds },
        );
      }
      const passwordHash = await options.hashPassword(input.password);
      const tenant = store.tenants.ensureDefault();
      const row = store.users.createFirst(
        { tenantId: tenant.id },
        { email: input.email, name: input.name ?? '', passwordHash },
      );
      if (!row) throw new OutpostError('conflict', TAKEN);
      return toUser(row);
    },
  };
}
