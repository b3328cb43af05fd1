import { useCallback, useEffect, useState } from 'react';
import type { ManagedUser, PasswordLink } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import { ActionFeedback } from '../components/ActionFeedback.js';
import { useConfirm } from '../components/ConfirmDialog.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { useNow } from '../components/use-now.js';
import { InviteUserForm } from '../components/users/InviteUserForm.js';
import { OneTimeLink } from '../components/users/OneTimeLink.js';
import { UserRow, type UserActions } from '../components/users/UserRow.js';
import { api, useSession } from '../state/app-state.js';

type ListState =
  { status: 'loading' } | { status: 'ready'; users: ManagedUser[] } | { status: 'error'; message: string };

/** Settings → Users: invite, change role, reset password, sign out everywhere, disable. Admins only. */
export function UsersSettingsPage() {
  const me = useSession((s) => s.user);
  const now = useNow();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [link, setLink] = useState<{ who: string; link: PasswordLink } | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean; n: number } | null>(null);
  const { confirm, dialog } = useConfirm();

  const load = useCallback(async () => {
    try {
      const { users } = await api.call('users.list', {});
      setList({ status: 'ready', users });
    } catch (err) {
      setList((prev) => (prev.status === 'ready' ? prev : { status: 'error', message: describeError(err) }));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const say = (text: string, error = false) => setMessage((m) => ({ text, error, n: (m?.n ?? 0) + 1 }));

  /** Runs an action, says how it went, and reloads the list; the row's own state resets from it. */
  async function act<T>(action: () => Promise<T>, done: (result: T) => string): Promise<T | null> {
    setLink(null);
    try {
      const result = await action();
      say(done(result));
      await load();
      return result;
    } catch (err) {
      say(describeError(err), true);
      throw err;
    }
  }

  const actions: UserActions = {
    async setRole(user, role) {
      await act(
        () => api.call('users.update', { id: user.id, role }),
        () => `${user.email} is now ${role}.`,
      );
    },
    async resetPassword(user) {
      const yes = await confirm({
        title: `Reset the password of ${user.email}?`,
        body: 'Their password and sessions end at once.',
        confirmLabel: 'Reset password',
      });
      if (!yes) return null;
      const result = await act(
        () => api.call('users.resetPassword', { id: user.id }),
        () => `The password of ${user.email} was reset.`,
      ).catch(() => null);
      if (result) setLink({ who: user.email, link: result.link });
      return result?.link ?? null;
    },
    async revokeSessions(user) {
      await act(
        () => api.call('users.revokeSessions', { id: user.id }),
        ({ revoked }) => `${user.email} was signed out everywhere (${revoked} session${revoked === 1 ? '' : 's'}).`,
      ).catch(() => undefined);
    },
    async setDisabled(user, disabled) {
      if (
        disabled &&
        !(await confirm({
          title: `Disable ${user.email}?`,
          body: 'They are signed out at once and cannot sign in.',
          confirmLabel: 'Disable',
        }))
      )
        return;
      await act(
        () => api.call('users.update', { id: user.id, disabled }),
        () => `${user.email} is ${disabled ? 'disabled' : 'enabled again'}.`,
      ).catch(() => undefined);
    },
  };

  return (
    <>
      <SettingsHeader title="Users" />
      {dialog}
      <ActionFeedback
        error={message?.error ? message.text : null}
        message={message && !message.error ? message.text : null}
        attempt={message?.n ?? 0}
      />
      {link && <OneTimeLink who={link.who} link={link.link} />}
      {list.status === 'loading' && (
        <p role="status" className="muted">
          Loading users…
        </p>
      )}
      {list.status === 'error' && (
        <div role="alert" className="message message-error">
          <p>{list.message}</p>
          <button type="button" className="button button-secondary" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {list.status === 'ready' && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.users.map((user) => (
                // The key includes the role so a refused change puts the saved role back in the select.
                <UserRow
                  key={`${user.id}:${user.role}`}
                  user={user}
                  self={user.id === me?.id}
                  now={now}
                  actions={actions}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="invite-heading" className="panel">
        <h2 id="invite-heading">Invite a user</h2>
        <p className="muted">They get a one-time link to set their own password; you send it to them.</p>
        <InviteUserForm
          onInvited={(user, invited) => {
            say(`Invited ${user.email}.`);
            setLink({ who: user.email, link: invited });
            void load();
          }}
        />
      </section>
    </>
  );
}
