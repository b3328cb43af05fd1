/** What each redaction rule stands for, as the event drawer says it ("the rule that fired"). */
const RULES: Record<string, string> = {
  secrets: 'secrets (always)',
  email: 'e-mail addresses (personal data)',
  phone: 'phone numbers (personal data)',
  card: 'card numbers (personal data)',
  ipv4: 'IPv4 addresses (device addresses)',
  ipv6: 'IPv6 addresses (device addresses)',
  mac: 'MAC addresses (device addresses)',
};

/** "e-mail addresses (personal data) ×2, secrets (always)" — a user pattern by its own name. */
export function describeRedactions(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([rule, n]) => `${RULES[rule] ?? `your pattern “${rule}”`}${n > 1 ? ` ×${n}` : ''}`)
    .join(', ');
}
