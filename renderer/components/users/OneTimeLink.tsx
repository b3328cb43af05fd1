import type { PasswordLink } from '../../../main/contract/index.js';
import { formatDateTime } from '../time-format.js';

/** The address of a one-time password link: the token in the fragment never reaches a server log. */
export function linkAddress(token: string): string {
  return `${window.location.origin}/set-password#${token}`;
}

/** A link shown once, right after it was made: only its hash is kept on the server. */
export function OneTimeLink({ who, link }: { who: string; link: PasswordLink }) {
  const address = linkAddress(link.token);
  return (
    <div role="status" className="message">
      <p>
        Send this link to <strong>{who}</strong>. It works once, until {formatDateTime(link.expiresAt)}, and is shown
        only now:
      </p>
      <p className="mono one-time-link" data-testid="one-time-link">
        {address}
      </p>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void navigator.clipboard?.writeText(address).catch(() => undefined)}
      >
        Copy link
      </button>
    </div>
  );
}
