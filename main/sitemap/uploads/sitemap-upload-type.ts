import { sniffMediaType } from '../../media/index.js';

/** What a site-map upload may be. */
export type MapFileType = 'image/png' | 'image/jpeg' | 'image/svg+xml';

export type DetectedType = { type: MapFileType } | { type: null; found: string };

/** How far into the file the root element is looked for (past the XML declaration, comments and DOCTYPE). */
const SVG_HEAD_BYTES = 64 * 1024;

/**
 * What an uploaded file is, from its bytes, never from its name or declared type: PNG by its
 * signature, JPEG by FF D8 FF, SVG when it is text whose first element is <svg> (after an optional
 * XML declaration, comments, processing instructions and DOCTYPE). Otherwise `found` names what it
 * looks like, for the error message. Whether an SVG is acceptable is sanitizeSvg's call.
 */
export function detectMapFileType(bytes: Buffer): DetectedType {
  const sniffed = sniffMediaType(bytes.subarray(0, 16));
  if (sniffed === 'image/png' || sniffed === 'image/jpeg') return { type: sniffed };
  if (sniffed !== null) return { type: null, found: sniffed };
  const root = rootElementName(headText(bytes.subarray(0, SVG_HEAD_BYTES)));
  if (root === undefined) return { type: null, found: 'a file that is not PNG, JPEG or SVG' };
  if (root.replace(/^[^:]*:/u, '') === 'svg') return { type: 'image/svg+xml' };
  return { type: null, found: `an XML or HTML document whose top element is <${root.slice(0, 40)}>` };
}

/**
 * The start of the file as text. UTF-16 files are decoded here only to recognise them as SVG: the
 * sanitiser then refuses them with advice on saving as UTF-8, which helps more than "not an SVG".
 */
function headText(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) {
    const swapped = Buffer.from(head.subarray(0, head.length - (head.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  // Markup is ASCII, so latin1 reads it whatever the rest of the text holds.
  return head.toString('latin1');
}

/** The name of the first element, skipping the prolog; undefined when the text does not start like XML. */
function rootElementName(text: string): string | undefined {
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /[\s\u00ef\u00bb\u00bf\ufeff]/u.test(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (text.startsWith('<?', i)) i = after(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = after(text, i, '-->');
    else if (/^<!doctype/iu.test(text.slice(i, i + 9))) i = afterDoctype(text, i);
    else break;
    if (i < 0) return undefined;
  }
  const name = /^<([A-Za-z_][\w.:-]*)/u.exec(text.slice(i, i + 300))?.[1];
  return name;
}

function after(text: string, from: number, close: string): number {
  const end = text.indexOf(close, from + 2);
  return end < 0 ? -1 : end + close.length;
}

/** A DOCTYPE ends at the first `>` outside its internal subset `[…]`. */
function afterDoctype(text: string, from: number): number {
  let inSubset = false;
  for (let i = from + 9; i < text.length; i++) {
    const c = text[i];
    if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
  }
  return -1;
}
