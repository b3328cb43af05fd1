import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { sanitizeSvg } from './svg-sanitize.js';

const HOSTILE_DIR = join(import.meta.dirname, 'test-fixtures', 'hostile');
const hostileFiles = readdirSync(HOSTILE_DIR)
  .filter((name) => name.endsWith('.svg'))
  .sort();

/** Files that must be refused before parsing or at the root check, and the error the user gets. */
const REFUSED: Record<string, RegExp> = {
  'billion-laughs.svg': /DOCTYPE or ENTITY/u,
  'xxe-system-entity.svg': /DOCTYPE or ENTITY/u,
  'parameter-entity.svg': /DOCTYPE or ENTITY/u,
  'utf16.svg': /UTF-16/u,
  'latin1-declared.svg': /encoding "iso-8859-1"/u,
  'html-root.svg': /top element is <html>/u,
  'no-namespace-root.svg': /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/u,
};

const window = new JSDOM('').window;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'data', 'srcdoc']);
const EXECUTABLE_ELEMENTS = new Set([
  'script',
  'foreignobject',
  'iframe',
  'embed',
  'object',
  'animate',
  'set',
  'handler',
]);

function compact(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, '').toLowerCase();
}

/** Every url(…) in a piece of CSS points into the same document. */
function onlyFragmentUrls(css: string): boolean {
  return [...compact(css).matchAll(/url\(['"]?([^'")]*)/gu)].every((m) => (m[1] ?? '').startsWith('#'));
}

/**
 * What would run or load if the sanitised SVG were shown, read the two ways a browser can read it: as an .svg
 * file (XML) and inlined into an HTML page. Returns the findings; empty means inert.
 */
function executableFindings(svg: string): string[] {
  const findings: string[] = [];
  const xmlDoc = new window.DOMParser().parseFromString(svg, 'image/svg+xml');
  if (xmlDoc.documentElement.localName !== 'svg')
    findings.push(`not well-formed: ${xmlDoc.documentElement.textContent}`);
  const htmlDoc = new window.DOMParser().parseFromString(`<!DOCTYPE html><body>${svg}</body>`, 'text/html');
  for (const [mode, root] of [
    ['xml', xmlDoc.documentElement],
    ['html', htmlDoc.body],
  ] as const) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const tag = el.localName.toLowerCase();
      if (EXECUTABLE_ELEMENTS.has(tag)) findings.push(`${mode}: <${tag}> element`);
      if (tag === 'style') {
        const css = compact(el.textContent ?? '');
        if (css.includes('@import') || !onlyFragmentUrls(css)) findings.push(`${mode}: <style> loads ${css}`);
      }
      for (const attr of el.attributes) {
        const name = attr.localName.toLowerCase();
        const value = attr.value;
        if (name.startsWith('on')) findings.push(`${mode}: ${attr.name} on <${tag}>`);
        if (URL_ATTRIBUTES.has(name) && !value.trim().startsWith('#'))
          findings.push(`${mode}: ${attr.name}="${value}"`);
        if (compact(value).includes('javascript:')) findings.push(`${mode}: javascript: in ${attr.name}`);
        if (!onlyFragmentUrls(value)) findings.push(`${mode}: url() in ${attr.name}="${value}"`);
      }
    }
    if (compact(root.textContent ?? '').includes('javascript:')) findings.push(`${mode}: javascript: in text`);
  }
  if (compact(svg).includes('javascript:')) findings.push('javascript: in the output text');
  return findings;
}

function refusal(run: () => unknown): OutpostError {
  try {
    run();
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected the SVG to be refused');
}

describe('sanitizeSvg on the hostile corpus', () => {
  it('holds at least 20 hostile files', () => {
    expect(hostileFiles.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of hostileFiles) {
    const expected = REFUSED[name];
    if (expected) {
      it(`refuses ${name} with a message naming the file`, () => {
        const err = refusal(() => sanitizeSvg(readFileSync(join(HOSTILE_DIR, name))));
        expect(err.code).toBe('invalid_input');
        expect(err.message).toMatch(expected);
        expect(err.issues?.[0]?.path).toBe('file');
      });
    } else {
      it(`leaves nothing executable in ${name} and says what it removed`, () => {
        const result = sanitizeSvg(readFileSync(join(HOSTILE_DIR, name)));
        expect(executableFindings(result.svg)).toEqual([]);
        expect(result.removed.length).toBeGreaterThan(0);
      });
    }
  }
});

describe('sanitizeSvg reports removals in words a user understands', () => {
  it('counts repeated elements and names handlers with the shape they were on', () => {
    const result = sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'event-handlers.svg')));
    expect(result.removed).toContain('onclick attribute on <rect id="door-3">');
    expect(result.removed).toContain('onClick attribute on <rect id="door-3">');
    expect(result.removed).toContain('onload attribute on <svg>');
    expect(readFileSync(join(HOSTILE_DIR, 'inline-script.svg'), 'utf8')).toContain('<script');
    expect(sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'inline-script.svg'))).removed).toContain('2 <script> elements');
  });

  it('names where external links pointed and what embedded or scripted links were', () => {
    const images = sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'image-external.svg'))).removed;
    expect(images).toContain('external link https://evil.example/tracker.png');
    expect(images).toContain('external link plan.png');
    const data = sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'image-data-uri.svg'))).removed;
    expect(data).toContain('embedded data: URL on <image> (3 times)');
    const scripted = sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'javascript-href-obfuscated.svg'))).removed;
    expect(scripted).toContain('script link (javascript:) on <a> (7 times)');
    expect(scripted).toContain('script link (vbscript:) on <a>');
  });

  it('leaves a file that was already sanitised unchanged', () => {
    for (const name of hostileFiles.filter((n) => !REFUSED[n])) {
      const once = sanitizeSvg(readFileSync(join(HOSTILE_DIR, name)));
      const twice = sanitizeSvg(once.svg);
      expect({ name, removed: twice.removed, same: twice.svg === once.svg }).toEqual({ name, removed: [], same: true });
    }
  });

  it('drops the script text of an SVG 1.2 <handler> along with the element', () => {
    const { svg } = sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'namespace-tricks.svg')));
    expect(svg).not.toContain('alert(7)');
  });

  it('explains removed styles, animations and processing instructions', () => {
    expect(sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'style-import.svg'))).removed).toContain(
      '<style> element with an @import of another style sheet (3 times)',
    );
    expect(sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'set-onclick.svg'))).removed).toContain(
      '<set> element that changes onclick',
    );
    expect(sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'processing-instruction.svg'))).removed).toEqual(
      expect.arrayContaining(['processing instruction <?xml-stylesheet?> (2 times)', 'processing instruction <?php?>']),
    );
  });

  it('keeps the list short when a file carries thousands of handlers', () => {
    const rects = Array.from({ length: 500 }, (_, i) => `<rect id="r${i}" onclick="alert(${i})"/>`).join('');
    const { removed, svg } = sanitizeSvg(`<svg xmlns="http://www.w3.org/2000/svg">${rects}</svg>`);
    expect(removed).toHaveLength(100);
    expect(removed[0]).toBe('onclick attribute on <rect id="r0">');
    expect(removed[99]).toBe('and 401 more removed items');
    expect(svg).toContain('<rect id="r499"/>');
  });

  it('keeps what is safe next to what it removes', () => {
    const result = sanitizeSvg(readFileSync(join(HOSTILE_DIR, 'presentation-url.svg')));
    expect(result.svg).toContain('fill="url(#ok)"');
    expect(result.svg).not.toContain('evil.example');
    expect(result.removed).toContain('external link https://evil.example/p.svg#p');
  });
});

describe('sanitizeSvg refuses before parsing', () => {
  it('refuses a 20 MiB file with payload_too_large, and honours a smaller limit', () => {
    const big = Buffer.alloc(20 * 1024 * 1024, ' ');
    big.write('<svg xmlns="http://www.w3.org/2000/svg">');
    big.write('</svg>', big.length - 6);
    const err = refusal(() => sanitizeSvg(big));
    expect(err.code).toBe('payload_too_large');
    expect(err.status).toBe(413);
    expect(err.message).toMatch(/20\.0 MiB; the limit is 10\.0 MiB/u);
    expect(err.issues?.[0]?.path).toBe('file');
    const small = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    expect(refusal(() => sanitizeSvg(small, { maxBytes: 10 })).code).toBe('payload_too_large');
  });

  it('refuses bytes that are not UTF-8, and UTF-16 without a byte-order mark', () => {
    const latin1 = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>Caf\u00e9</text></svg>', 'latin1');
    expect(refusal(() => sanitizeSvg(latin1)).message).toMatch(/not valid UTF-8/u);
    const utf16 = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>', 'utf16le');
    expect(refusal(() => sanitizeSvg(utf16)).message).toMatch(/UTF-16/u);
  });

  it('refuses text that is not well-formed, saying where it breaks', () => {
    const err = refusal(() => sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/not a well-formed SVG document \(line 1, column \d+/u);
    expect(refusal(() => sanitizeSvg('')).message).toMatch(/empty/u);
    expect(refusal(() => sanitizeSvg('{"not":"svg"}')).code).toBe('invalid_input');
  });

  it('refuses a prefixed root and absurdly deep nesting instead of crashing', () => {
    const prefixed = '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:rect width="1" height="1"/></s:svg>';
    expect(refusal(() => sanitizeSvg(prefixed)).message).toMatch(/namespace prefix/u);
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(5000)}${'</g>'.repeat(5000)}</svg>`;
    expect(refusal(() => sanitizeSvg(deep)).message).toMatch(/nested more than 256 levels/u);
  });

  it('accepts the public SVG 1.1 DOCTYPE that Illustrator writes, and drops it', () => {
    const result = sanitizeSvg(
      '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0,0,210,297"><rect id="a" width="1" height="1"/></svg>',
    );
    expect(result.svg).not.toMatch(/DOCTYPE/iu);
    expect(result.svg).toContain('<rect id="a" width="1" height="1"/>');
    expect(result.removed).toEqual(['document type declaration (DOCTYPE), not needed']);
    expect(result).toMatchObject({ width: 793.701, height: 1122.52, viewBox: '0 0 210 297' });
  });
});
