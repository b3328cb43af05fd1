import { useState, type FormEvent } from 'react';
import { api, useSession } from '../state/app-state.js';
import { ActionFeedback } from './ActionFeedback.js';
import { TextField } from './TextField.js';
import { useFormFeedback } from './use-form-feedback.js';

const LABELS = { name: 'Name', email: 'Email', password: 'Password' } as const;

/**
 * The first admin of an installation, created in the browser: shown on the sign-in page while no
 * user exists (auth.firstRun), so a new installation needs no terminal. The server refuses it once
 * any user exists, whoever asked first.
 */
export function FirstAdminForm({ onTaken }: { onTaken: () => void }) {
  const signIn = useSession((s) => s.signIn);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    feedback.start();
    try {
      const trimmed = name.trim();
      await api.call('auth.createFirstAdmin', { email, password, ...(trimmed ? { name: trimmed } : {}) });
      await signIn(email, password, '');
    } catch (err) {
      feedback.fail(err);
      setPending(false);
      // Someone else created the first admin meanwhile: fall back to signing in.
      const { needed } = await api.call('auth.firstRun', {}).catch(() => ({ needed: true }));
      if (!needed) onTaken();
    }
  }

  return (
    <>
      <h1>Create the first admin</h1>
      <p>
        This Outpost has no accounts yet. The account you create here can add sites, sources and other users. This offer
        disappears once it exists.
      </p>
      <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <TextField
          label="Name (optional)"
          name="name"
          error={feedback.issues.name}
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Email"
          name="email"
          error={feedback.issues.email}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          error={feedback.issues.password}
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending}>
            Create admin and sign in
          </button>
          {pending && (
            <span className="muted" role="status">
              Creating…
            </span>
          )}
        </div>
        <ActionFeedback {...feedback.props} />
      </form>
    </>
  );
}
