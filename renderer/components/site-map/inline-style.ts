/**
 * A `style` attribute's declarations, parsed by hand. The app's Content-Security-Policy has no
 * `'unsafe-inline'` for styles, so a style attribute copied into the page would be ignored and an
 * Inkscape drawing (which keeps every colour in `style="fill:…;stroke:…"`) would draw black. The
 * canvas removes the attributes and sets these declarations through the CSSOM instead, which CSP
 * allows; the browser still validates every value when it is set.
 */
export interface Declaration {
  property: string;
  value: string;
  important: boolean;
}

/** Splits on `;` outside quotes and parentheses (`url(#a;b)`, `font-family: "A;B"` stay whole). */
function splitDeclarations(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function parseInlineStyle(text: string): Declaration[] {
  const out: Declaration[] = [];
  // Comments are not declarations, and one could hide a `;`.
  for (const part of splitDeclarations(text.replace(/\/\*[\s\S]*?\*\//g, ''))) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const property = part.slice(0, colon).trim().toLowerCase();
    let value = part.slice(colon + 1).trim();
    if (!/^-{0,2}[a-z][a-z0-9-]*$/.test(property) || value === '') continue;
    const important = /!\s*important$/i.test(value);
    if (important) value = value.replace(/!\s*important$/i, '').trim();
    if (value !== '') out.push({ property, value, important });
  }
  return out;
}
