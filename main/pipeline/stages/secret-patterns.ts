/**
 * What counts as a secret in free text. Each rule has a cheap hint checked first so the costly
 * expression runs only on the few lines that could hold a match.
 */
export interface TextRule {
  /** Cheap test: false means the expression cannot match. */
  hint(text: string): boolean;
  regex: RegExp;
  /**
   * The replacement, or null to keep the match as it is (a false positive). `found` is the match as
   * `exec` gives it: the capture groups from index 1.
   */
  replace(match: string, found: RegExpExecArray): string | null;
}

const SECRET = '<secret>';
const PLACEHOLDER = /^["']?<[a-z0-9_-]+>["']?$/i;

const KEY_WORDS = 'password|passwd|passphrase|pwd|secret|token|key|credentials?|auth|cookie|session[_-]?id';
const KEY_HINT = /password|passwd|passphrase|pwd|secret|token|key|credential|auth|cookie|session/i;

/** `Authorization: Bearer abc…` keeps the scheme so the reader still sees what kind of credential it was. */
const authorizationHeader: TextRule = {
  hint: (text) => /authori[sz]ation/i.test(text),
  regex:
    /\b((?:proxy-)?authori[sz]ation["']?\s*[:=]\s*["']?)((?:bearer|basic|digest|token|negotiate)\s+)?([^\s"',;]+)/gi,
  replace: (_match, [, name, scheme, value]) =>
    value && PLACEHOLDER.test(value) ? null : `${name}${scheme ?? ''}${SECRET}`,
};

const bearerToken: TextRule = {
  hint: (text) => /bearer/i.test(text),
  regex: /\b(bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi,
  replace: (_match, [, prefix]) => `${prefix}${SECRET}`,
};

/** `password=…`, `api_key: …`, `"token": "…"`: the name stays, the value goes (quotes kept). */
const keyValue: TextRule = {
  hint: (text) => KEY_HINT.test(text),
  // eslint-disable-next-line no-restricted-syntax -- built from the constant list of secret names
  regex: new RegExp(
    `\\b([\\w.-]{0,48}?(?:${KEY_WORDS}))(["']?\\s*[=:]\\s*)("[^"\\n]{0,2000}"|'[^'\\n]{0,2000}'|[^\\s"',;&)}\\]]+)`,
    'gi',
  ),
  replace: (_match, [, name, separator, value]) => {
    if (!value || PLACEHOLDER.test(value)) return null;
    const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
    return `${name}${separator}${quote}${SECRET}${quote}`;
  },
};

const awsAccessKey: TextRule = {
  hint: (text) => text.includes('AKIA') || text.includes('ASIA'),
  regex: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  replace: () => SECRET,
};

const jsonWebToken: TextRule = {
  hint: (text) => text.includes('eyJ'),
  regex: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  replace: () => SECRET,
};

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const HEX_RUN = /^[0-9a-fA-F]+$/;

/**
 * Long random-looking runs: hex of 32+ characters (keys, HMACs) and base64 of 40+ characters.
 * Paths, long identifiers and words have few distinct characters or no mix of cases and digits;
 * keys and tokens have all of them. One pass finds both; the look-behind starts a try only at
 * the beginning of a run, which keeps the scan linear and cheap on ordinary lines.
 */
const longToken: TextRule = {
  hint: (text) => text.length >= 32,
  regex: /(?<![\w+/=-])[A-Za-z0-9+/_-]{32,}={0,2}(?![\w+/=-])/g,
  replace: (match) => {
    if (HEX_RUN.test(match)) return /\d/.test(match) && /[a-fA-F]/.test(match) ? SECRET : null;
    if (match.length < 40) return null;
    const slashes = match.split('/').length - 1;
    const plausible =
      slashes <= 2 && /\d/.test(match) && /[a-z]/.test(match) && /[A-Z]/.test(match) && entropy(match) >= 4.4;
    return plausible ? SECRET : null;
  },
};

/** In the order they run: the most specific first, so a token is not half-eaten by a wider rule. */
export const SECRET_RULES: readonly TextRule[] = [
  authorizationHeader,
  bearerToken,
  awsAccessKey,
  jsonWebToken,
  keyValue,
  longToken,
];

/** Attribute names whose values are secrets whatever they look like. */
export const SECRET_ATTRIBUTE_NAME =
  /(?:password|passwd|passphrase|pwd|secret|token|credentials?|authorization|cookie|session[_-]?id|api[_-]?key|access[_-]?key|private[_-]?key)$/i;
