import { useState, type FormEvent } from 'react';
import type { ManagedUser, PasswordLink, Role } from '../../../main/contract/index.js';
import { api } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';
import { RoleSelect } from './RoleSelect.js';

const LABELS = { email: 'Email', name: 'Name', role: 'Role' } as const;

/** Adds a user with an invitation link for them to set their own password. */
export function InviteUserForm({ onInvited }: { onInvited: (user: ManagedUser, link: PasswordLink) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    feedback.start();
    try {
      const trimmed = name.trim();
      const { user, link } = await api.call('users.invite', { email, role, ...(trimmed ? { name: trimmed } : {}) });
      setEmail('');
      setName('');
      setRole('viewer');
      onInvited(user, link);
    } catch (err) {
      feedback.fail(err);
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        value={email}
        error={feedback.issues.email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        label="Name (optional)"
        name="name"
        value={name}
        error={feedback.issues.name}
        onChange={(e) => setName(e.target.value)}
      />
      <RoleSelect label="Role" name="role" long value={role} onChange={setRole} />
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={pending}>
          Invite user
        </button>
      </div>
      <ActionFeedback {...feedback.props} />
    </form>
  );
}
