import { useEffect, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import { api, useSession } from '../state/app-state.js';
import { ActionFeedback } from './ActionFeedback.js';
import { TextField } from './TextField.js';
import { useFormFeedback } from './use-form-feedback.js';

const LABELS = { password: 'New password' } as const;

type Link = OutputOf<'auth.passwordLink'>;
type LinkState = { status: 'loading' } | { status: 'ready'; link: Link } | { status: 'error'; message: string };

/**
 * `/set-password#<token>`: the one-time link of an invitation or a password reset. The token sits in
 * the fragment so it never reaches a server log or a Referer header.
 */
export function SetPasswordForm({ token, onDone }: { token: string; onDone: () => void }) {
  const signIn = useSession((s) => s.signIn);
  const [link, setLink] = useState<LinkState>({ status: 'loading' });
  const [password, setPassword] = useState('');
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let current = true;
    api.call('auth.passwordLink', { token }).then(
      (result) => current && setLink({ status: 'ready', link: result }),
      (err: unknown) => current && setLink({ status: 'error', message: describeError(err) }),
    );
    return () => {
      current = false;
    };
  }, [token]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || link.status !== 'ready') return;
    setPending(true);
    feedback.start();
    try {
      const { user, tenant } = await api.call('auth.setPassword', { token, password });
      onDone();
      await signIn(user.email, password, tenant);
    } catch (err) {
      feedback.fail(err);
      setPending(false);
    }
  }

  return (
    <>
      <h1>Set your password</h1>
      {link.status === 'loading' && (
        <p role="status" className="muted">
          Checking the link…
        </p>
      )}
      {link.status === 'error' && (
        <div role="alert" className="message message-error">
          <p>{link.message}</p>
          <p>Ask your admin for a new link, or sign in if you already set a password.</p>
          <button type="button" className="button button-secondary" onClick={onDone}>
            Go to sign in
          </button>
        </div>
      )}
      {link.status === 'ready' && (
        <>
          <p>
            {link.link.purpose === 'invite' ? 'You were invited to Outpost as ' : 'A new password for '}
            <strong>{link.link.email}</strong>. This link works once, until{' '}
            {new Date(link.link.expiresAt).toLocaleString()}.
          </p>
          <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
            <TextField
              label="New password"
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
                Set password and sign in
              </button>
            </div>
            <ActionFeedback {...feedback.props} />
          </form>
        </>
      )}
    </>
  );
}
