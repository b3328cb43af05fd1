import { useState } from 'react';
import type { ManagedUser, PasswordLink, Role } from '../../../main/contract/index.js';
import { formatAgo } from '../time-format.js';
import { RoleSelect } from './RoleSelect.js';

export interface UserActions {
  setRole(user: ManagedUser, role: Role): Promise<void>;
  resetPassword(user: ManagedUser): Promise<PasswordLink | null>;
  revokeSessions(user: ManagedUser): Promise<void>;
  setDisabled(user: ManagedUser, disabled: boolean): Promise<void>;
}

function accountState(user: ManagedUser, now: number): string {
  if (user.disabledAt !== null) return 'Disabled';
  if (user.invitedUntil !== null) return 'Invited, no password yet';
  return user.lastSignInAt === null ? 'Never signed in' : `Signed in ${formatAgo(user.lastSignInAt, now)}`;
}

/** One user: role, account state and what an admin can do to the account. */
export function UserRow({
  user,
  self,
  now,
  actions,
}: {
  user: ManagedUser;
  self: boolean;
  now: number;
  actions: UserActions;
}) {
  const [role, setRole] = useState<Role>(user.role);
  const who = user.name || user.email;
  return (
    <tr>
      <th scope="row">
        {who}
        {self && <span className="muted"> (you)</span>}
        {user.name && <div className="muted">{user.email}</div>}
        <div className="muted">{accountState(user, now)}</div>
      </th>
      <td>
        <div className="row-actions">
          <RoleSelect label={`Role of ${who}`} hideLabel value={role} onChange={setRole} />
          {role !== user.role && (
            <button
              type="button"
              className="button button-secondary"
              aria-label={`Save role of ${who}`}
              onClick={() => void actions.setRole(user, role).catch(() => setRole(user.role))}
            >
              Save role
            </button>
          )}
        </div>
      </td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            className="button button-secondary"
            aria-label={`Reset password of ${who}`}
            onClick={() => void actions.resetPassword(user)}
          >
            Reset password
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-label={`Sign out everywhere: ${who}`}
            onClick={() => void actions.revokeSessions(user)}
          >
            Sign out everywhere
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-label={`${user.disabledAt === null ? 'Disable' : 'Enable'} ${who}`}
            onClick={() => void actions.setDisabled(user, user.disabledAt === null)}
          >
            {user.disabledAt === null ? 'Disable' : 'Enable'}
          </button>
        </div>
      </td>
    </tr>
  );
}
