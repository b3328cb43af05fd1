/**
 * What counts as a safe reference inside a stored SVG. The rule is simple so it can be checked: a stored map
 * refers only to itself (`#fragment`). Anything else would make the viewer fetch from elsewhere (tracking,
 * content swapped after review, or script).
 */

/** A same-document reference: `#` and an id, nothing that could be read as a URL or a function call. */
const SAME_DOCUMENT_REF = /^#[^\s"'<>()\\]*$/u;

/** Whitespace and control characters that browsers skip inside a URL scheme (`jav&#x09;ascript:`). */
const URL_NOISE = /[\s\p{Cc}]+/gu;

export function isSameDocumentRef(value: string): boolean {
  return SAME_DOCUMENT_REF.test(value.trim());
}

/** The value as a browser would read its scheme: noise removed, lower case. */
export function compactValue(value: string): string {
  return value.replace(URL_NOISE, '').toLowerCase();
}

/** True when the value would run script if a browser treated it as a URL. */
export function hasScriptScheme(value: string): boolean {
  return /(?:java|vb|live)script:/u.test(compactValue(value));
}

/** The trouble with a piece of CSS (a `<style>` element or a `style`/`fill`/… attribute), or null when safe. */
export function cssProblem(css: string): string | null {
  const withoutComments = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/gu, '');
  // CSS escapes (`u\72l(`, `\@import`) can spell any keyword; a floor plan never needs them.
  if (withoutComments.includes('\\')) return 'CSS escapes that can hide a link';
  const lower = withoutComments.toLowerCase();
  if (lower.includes('@import')) return 'an @import of another style sheet';
  if (hasScriptScheme(lower)) return 'a javascript: link';
  if (/expression\s*\(|-moz-binding|behaviou?r\s*:/u.test(lower)) return 'script in CSS';
  // image-set() and src() load files from plain strings, without url().
  if (/(?:^|[^\w-])(?:-webkit-)?image-set\s*\(|(?:^|[^\w-])src\s*\(/u.test(lower)) return 'an external picture';
  for (const match of lower.matchAll(/url\s*\(\s*(['"]?)\s*([^'")]*)/gu)) {
    const target = match[2] ?? '';
    if (!target.startsWith('#')) return `an external link ${displayValue(target) || '(empty)'}`;
  }
  return null;
}

/** A value shortened and cleaned for a message: no control characters, at most 100 characters. */
export function displayValue(value: string): string {
  const clean = value.replace(/\p{Cc}+/gu, ' ').trim();
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean;
}

/** How a removed link reads to the user: a script link, embedded data, or where it pointed. */
export function describeLink(value: string): string {
  const compact = compactValue(value);
  const scheme = /^([a-z][a-z0-9+.-]*):/u.exec(compact)?.[1];
  if (scheme !== undefined && /script$/u.test(scheme)) return `script link (${scheme}:)`;
  if (scheme === 'data') return 'embedded data: URL';
  return `external link ${displayValue(value) || '(empty)'}`;
}
