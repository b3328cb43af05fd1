/**
 * A group's template as people read it: the miner's `<*>` (a part that varies between events) and
 * redaction's placeholders (`<ip>`, `<email>`, `<secret>`…) become parts of their own, shown as
 * marked chips instead of angle-bracket code.
 */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'variable' } | { kind: 'redacted'; what: string };

const PLACEHOLDER = /<\*>|<([a-z][a-z0-9_-]{0,39})>/gi;

const REDACTED_NAMES: Record<string, string> = {
  ip: 'IP address',
  mac: 'MAC address',
  email: 'e-mail',
  phone: 'phone number',
  card: 'card number',
  secret: 'secret',
};

export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ kind: 'text', text: template.slice(last, match.index) });
    const name = match[1]?.toLowerCase();
    parts.push(name === undefined ? { kind: 'variable' } : { kind: 'redacted', what: REDACTED_NAMES[name] ?? name });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

/** The template as one plain line (titles, document titles, confirm questions): `<*>` as "…". */
export function templateLine(template: string): string {
  return templateParts(template)
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'variable' ? '…' : `[${p.what}]`))
    .join('');
}
