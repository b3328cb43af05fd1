import { OutpostError, SECRET_MASK, type ExternalStatusConfig } from '../contract/index.js';

/**
 * The external status integration's one secret, its auth header value: shown as SECRET_MASK, and
 * kept when the mask comes back. The stored value only ever goes to the host it was entered for: a
 * change of URL origin needs the value typed again, so nobody can redirect the secret to a server
 * of their own by editing the URL alone.
 */

export function maskExternal(config: ExternalStatusConfig | null): ExternalStatusConfig | null {
  if (config === null || config.authHeader === undefined) return config;
  return { ...config, authHeader: { name: config.authHeader.name, value: SECRET_MASK } };
}

/** `next` with the stored secret in place of the mask. Throws `invalid_input` when it cannot be. */
export function keepStoredSecret(
  next: ExternalStatusConfig,
  stored: ExternalStatusConfig | null,
): ExternalStatusConfig {
  refuseUrlCredentials(next.url);
  if (next.authHeader?.value !== SECRET_MASK) return next;
  const issue = (message: string) =>
    new OutpostError('invalid_input', `The auth header value ${message}`, {
      issues: [{ path: 'external.authHeader.value', message }],
    });
  if (stored?.authHeader === undefined) {
    throw issue('is the mask, but no value is stored: type the value.');
  }
  if (new URL(stored.url).origin !== new URL(next.url).origin) {
    throw issue('is the mask, but the URL now points at another host: type the value again for the new host.');
  }
  return { ...next, authHeader: { name: next.authHeader.name, value: stored.authHeader.value } };
}

/** fetch() refuses URLs with credentials; saying so up front also keeps them out of the settings. */
function refuseUrlCredentials(url: string): void {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return;
  const message = 'must not hold a user name or password: send credentials in the auth header (Authorization: Basic …)';
  throw new OutpostError('invalid_input', `The status URL ${message}.`, {
    issues: [{ path: 'external.url', message }],
  });
}
