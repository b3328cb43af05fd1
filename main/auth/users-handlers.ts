import { randomBytes } from 'node:crypto';
import { OutpostError, type ManagedUser, type Role, type usersMethods } from '../contract/index.js';
import { scopeOf, sessionOf, type HandlerContext, type HandlerTable } from '../core/slice-kit/index.js';
import type { Scope, UserRow } from '../store/index.js';
import type { AuthHandlerDeps } from './handlers.js';
import { toUser } from './user-view.js';

const notFound = (id: string) =>
  new OutpostError('not_found', `There is no user ${id} in your organisation. Check the id with users.list.`);

export function usersHandlers({ store, auth, bus, links, now }: AuthHandlerDeps) {
  const managed = (scope: Scope, row: UserRow): ManagedUser => ({
    ...toUser(row),
    disabledAt: row.disabledAt,
    invitedUntil: store.userLinks.pendingInvites(scope, now()).get(row.id) ?? null,
    lastSignInAt: store.users.lastSignIns(scope).get(row.id) ?? null,
  });
  const target = (ctx: HandlerContext, id: string) => {
    const scope = scopeOf(ctx);
    const row = store.users.get(scope, id);
    if (!row) throw notFound(id);
    return { scope, row };
  };
  /** A password nobody knows: an invited or reset account cannot sign in until its link is used. */
  const unusableHash = () => auth.hashPassword(randomBytes(32).toString('base64'));
  const changed = (scope: Scope, userId: string, action: 'created' | 'updated') =>
    bus.publish(scope.tenantId, 'users.changed', { userId, action });

  /** The organisation must keep an admin who can sign in, or nobody could manage it again. */
  function keepAnAdmin(scope: Scope, row: UserRow, role: Role | undefined, disabled: boolean | undefined): void {
    const losesAdmin = row.role === 'admin' && row.disabledAt === null && ((role && role !== 'admin') || disabled);
    if (losesAdmin && store.users.countEnabledAdmins(scope) <= 1) {
      throw new OutpostError(
        'conflict',
        `${row.email} is the organisation's only enabled admin. Make another user an admin first.`,
      );
    }
  }

  return {
    'users.list': (_input, ctx) => {
      const scope = scopeOf(ctx);
      const pending = store.userLinks.pendingInvites(scope, now());
      const signIns = store.users.lastSignIns(scope);
      return {
        users: store.users.list(scope).map((row) => ({
          ...toUser(row),
          disabledAt: row.disabledAt,
          invitedUntil: pending.get(row.id) ?? null,
          lastSignInAt: signIns.get(row.id) ?? null,
        })),
      };
    },
    'users.create': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const passwordHash = await auth.hashPassword(input.password);
      const row = store.users.create(scope, {
        email: input.email,
        name: input.name ?? '',
        role: input.role,
        passwordHash,
      });
      changed(scope, row.id, 'created');
      return toUser(row);
    },
    'users.invite': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const passwordHash = await unusableHash();
      const { row, link } = store.transaction(() => {
        const created = store.users.create(scope, {
          email: input.email,
          name: input.name ?? '',
          role: input.role,
          passwordHash,
        });
        return { row: created, link: links.issue(scope.tenantId, created.id, 'invite', sessionOf(ctx).email) };
      });
      changed(scope, row.id, 'created');
      return { user: managed(scope, row), link };
    },
    'users.update': (input, ctx) => {
      const { scope, row } = target(ctx, input.id);
      keepAnAdmin(scope, row, input.role, input.disabled);
      const updated = store.transaction(() => {
        let current = row;
        if (input.name !== undefined || input.role !== undefined) {
          current =
            store.users.update(scope, row.id, {
              ...(input.name !== undefined ? { name: input.name } : {}),
              ...(input.role !== undefined ? { role: input.role } : {}),
            }) ?? current;
        }
        if (input.disabled !== undefined && input.disabled !== (row.disabledAt !== null)) {
          current = store.users.setDisabled(scope, row.id, input.disabled ? now() : null) ?? current;
          if (input.disabled) {
            // Sessions would be refused anyway (authenticate reads the row); ending them says so in the store too.
            store.sessions.revokeUser(scope, row.id);
            store.userLinks.retire(scope, row.id, now());
          }
        }
        return current;
      });
      changed(scope, row.id, 'updated');
      return managed(scope, updated);
    },
    'users.resetPassword': async (input, ctx) => {
      const { scope, row } = target(ctx, input.id);
      if (row.disabledAt !== null) {
        throw new OutpostError(
          'conflict',
          `${row.email} is disabled. Enable the account before resetting its password.`,
        );
      }
      const passwordHash = await unusableHash();
      const link = store.transaction(() => {
        store.users.setPasswordHash(scope, row.id, passwordHash);
        store.sessions.revokeUser(scope, row.id);
        return links.issue(scope.tenantId, row.id, 'reset', sessionOf(ctx).email);
      });
      changed(scope, row.id, 'updated');
      return { link };
    },
    'users.revokeSessions': (input, ctx) => {
      const { scope, row } = target(ctx, input.id);
      const revoked = store.sessions.revokeUser(scope, row.id);
      changed(scope, row.id, 'updated');
      return { revoked };
    },
  } satisfies Pick<HandlerTable, keyof typeof usersMethods>;
}
