import { useEffect, useState, type FormEvent } from 'react';
import { ActionFeedback } from '../components/ActionFeedback.js';
import { FirstAdminForm } from '../components/FirstAdminForm.js';
import { SetPasswordForm } from '../components/SetPasswordForm.js';
import { TextField } from '../components/TextField.js';
import { ThemeToggle } from '../components/ThemeToggle.js';
import { useFormFeedback } from '../components/use-form-feedback.js';
import { api, useSession } from '../state/app-state.js';

/**
 * The token of a `/set-password#<token>` address, if this is one. The address becomes `/` at once:
 * the token must not stay in the address bar or the history, and the app that opens after the
 * password is set starts at Home.
 */
function takeLinkToken(): string | null {
  if (window.location.pathname !== '/set-password') return null;
  const token = window.location.hash.slice(1) || null;
  window.history.replaceState(null, '', '/');
  return token;
}

/** Taken once, when the app loads (before the router reads the address). */
const LINK_TOKEN = typeof window === 'undefined' ? null : takeLinkToken();

/** Shown whenever nobody is signed in: a one-time password link, the first-run offer, or the sign-in form. */
export function LoginPage() {
  const [token, setToken] = useState(LINK_TOKEN);
  // null while asking; an installation that cannot answer is treated as having users (sign in shows why).
  const [firstRun, setFirstRun] = useState<boolean | null>(token ? false : null);

  useEffect(() => {
    if (token) return;
    let current = true;
    api.call('auth.firstRun', {}).then(
      ({ needed }) => current && setFirstRun(needed),
      () => current && setFirstRun(false),
    );
    return () => {
      current = false;
    };
  }, [token]);

  let content;
  if (token) {
    content = <SetPasswordForm token={token} onDone={() => setToken(null)} />;
  } else if (firstRun === null) {
    content = (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  } else if (firstRun) {
    content = <FirstAdminForm onTaken={() => setFirstRun(false)} />;
  } else {
    content = <SignInForm />;
  }
  return (
    <main className="login">
      <div className="login-card">
        {content}
        <div className="login-footer">
          <ThemeToggle />
        </div>
      </div>
    </main>
  );
}

const SIGN_IN_LABELS = { email: 'Email', password: 'Password', tenant: 'Organisation' } as const;

/** The sign-in form, at whatever address the user asked for. */
function SignInForm() {
  const signIn = useSession((s) => s.signIn);
  const notice = useSession((s) => s.notice);
  const lastTenant = useSession((s) => s.tenant);
  // `?org=slug` in a link an admin sends, else the organisation signed in to last time.
  const [tenant, setTenant] = useState(() => new URLSearchParams(window.location.search).get('org') ?? lastTenant);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { bindForm, ...feedback } = useFormFeedback(SIGN_IN_LABELS);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    document.title = 'Sign in — Outpost';
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    feedback.start();
    try {
      await signIn(email, password, tenant);
      // Signed in: the app replaces this page.
    } catch (err) {
      feedback.fail(err);
      setPending(false);
    }
  }

  return (
    <>
      <h1>Sign in to Outpost</h1>
      {notice && (
        <p role="status" className="message">
          {notice}
        </p>
      )}
      <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          error={feedback.issues.email}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          error={feedback.issues.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <TextField
          label="Organisation (optional)"
          name="organisation"
          error={feedback.issues.tenant}
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          hint="Leave empty unless your admin gave you one: each organisation on this Outpost has its own accounts."
          value={tenant}
          onChange={(e) => setTenant(e.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending}>
            Sign in
          </button>
          {pending && (
            <span className="muted" role="status">
              Signing in…
            </span>
          )}
        </div>
        <ActionFeedback {...feedback.props} />
      </form>
    </>
  );
}
