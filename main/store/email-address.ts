/** Emails are stored and compared trimmed and lower-case, so `Ana@Example.org` and `ana@example.org` are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
