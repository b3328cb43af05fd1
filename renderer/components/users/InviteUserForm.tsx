import { useState, type FormEvent } from 'react';
import type { ManagedUser, PasswordLink, Role } from '../../../main/contract/index.js';
import { ApiError, describeError } from '../../api/api-error.js';
import { api } from '../../state/app-state.js';
import { splitIssues } from '../field-errors.js';
import { TextField } from '../TextField.js';
import { RoleSelect } from './RoleSelect.js';

const LABELS = { email: 'Email', name: 'Name', role: 'Role' } as const;

/** Adds a user with an invitation link for them to set their own password. */
export function InviteUserForm({ onInvited }: { onInvited: (user: ManagedUser, link: PasswordLink) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [errors, setErrors] = useState<Partial<Record<keyof typeof LABELS, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const trimmed = name.trim();
      const { user, link } = await api.call('users.invite', { email, role, ...(trimmed ? { name: trimmed } : {}) });
      setEmail('');
      setName('');
      setRole('viewer');
      onInvited(user, link);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_input' && err.issues.length > 0) {
        const { byField, rest } = splitIssues(err.issues, LABELS);
        setErrors(byField);
        if (rest.length) setFormError(rest.join(' '));
      } else {
        setFormError(describeError(err));
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && (
        <div role="alert" className="message message-error">
          <p>{formError}</p>
        </div>
      )}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        value={email}
        error={errors.email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        label="Name (optional)"
        name="name"
        value={name}
        error={errors.name}
        onChange={(e) => setName(e.target.value)}
      />
      <RoleSelect label="Role" name="role" long value={role} onChange={setRole} />
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={pending}>
          Invite user
        </button>
      </div>
    </form>
  );
}
