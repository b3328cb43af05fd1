import { cssProblem, describeLink, displayValue, hasScriptScheme } from './svg-references.js';

interface Entry {
  singular: string;
  plural: (count: number) => string;
  count: number;
}

/** A hostile file can carry thousands of distinct handlers; the user needs the gist, not a 10,000-line list. */
const MAX_ITEMS = 100;

const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);

/** `<rect id="door-3">`: how the user finds the element in their drawing program. */
export function elementLabel(element: Element): string {
  const id = element.getAttribute('id');
  return id ? `<${element.nodeName} id="${displayValue(id).slice(0, 60)}">` : `<${element.nodeName}>`;
}

/**
 * What sanitising took out, in words a user understands, each distinct item once with a count
 * ("2 <script> elements"), in the order first met.
 */
export class RemovalLog {
  private readonly entries = new Map<string, Entry>();

  add(singular: string, plural: (count: number) => string = (n) => `${singular} (${n} times)`): void {
    const entry = this.entries.get(singular);
    if (entry) entry.count += 1;
    else this.entries.set(singular, { singular, plural, count: 1 });
  }

  element(element: Element, reason?: string): void {
    const tag = `<${element.nodeName}>`;
    if (reason) this.add(`${tag} element ${reason}`);
    else this.add(`${tag} element`, (n) => `${n} ${tag} elements`);
  }

  attribute(element: Element, name: string, value: string): void {
    const on = elementLabel(element);
    const lcName = name.toLowerCase();
    if (lcName.startsWith('on')) {
      this.add(`${name} attribute on ${on}`, (n) => `${n} ${name} attributes on ${on}`);
    } else if (LINK_ATTRIBUTES.has(lcName)) {
      const link = describeLink(value);
      this.add(link.startsWith('external link') ? link : `${link} on ${on}`);
    } else if (lcName === 'style' || /url\s*\(/iu.test(value)) {
      const problem = cssProblem(value) ?? 'unsupported content';
      this.add(
        problem.startsWith('an external link') ? problem.slice(3) : `${name} attribute with ${problem} on ${on}`,
      );
    } else if (hasScriptScheme(value)) {
      this.add(`${name} attribute with a javascript: link on ${on}`);
    } else if (lcName === 'id') {
      this.add(
        `id "${displayValue(value).slice(0, 60)}" on <${element.nodeName}> (a reserved name: choose another id)`,
      );
    } else {
      this.add(`${name} attribute on ${on}`, (n) => `${n} ${name} attributes on ${on}`);
    }
  }

  /** At most 100 lines: the first 99 and a last one that sums up the rest. */
  list(): string[] {
    const lines = [...this.entries.values()].map((e) => (e.count === 1 ? e.singular : e.plural(e.count)));
    if (lines.length <= MAX_ITEMS) return lines;
    const rest = [...this.entries.values()].slice(MAX_ITEMS - 1).reduce((sum, e) => sum + e.count, 0);
    return [...lines.slice(0, MAX_ITEMS - 1), `and ${rest} more removed items`];
  }
}
