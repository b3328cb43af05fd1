import { OutpostError } from '../contract/index.js';

/** The largest SVG accepted when the caller sets no limit: 10 MiB. */
export const DEFAULT_MAX_SVG_BYTES = 10 * 1024 * 1024;

/**
 * The one DOCTYPE that is let through (and dropped): the public SVG 1.0/1.1 DTD line that Illustrator and
 * older Inkscape versions write. It has no internal subset, so it declares no entities, and Outpost's parser
 * never fetches DTDs; turning these files away would reject the most common real-world exports.
 */
const STANDARD_SVG_DOCTYPE =
  /<!DOCTYPE\s+svg\s+PUBLIC\s+"-\/\/W3C\/\/DTD SVG 1\.[01](?: Tiny| Basic)?\/\/EN"\s+"http:\/\/www\.w3\.org\/(?:TR\/2001\/REC-SVG-20010904\/DTD\/svg10\.dtd|Graphics\/SVG\/1\.1\/DTD\/svg11(?:-tiny|-basic)?\.dtd)"\s*>/i;

/** Any markup declaration: a DOCTYPE with an internal subset can define entities (billion laughs, XXE). */
const MARKUP_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/** Deeper nesting is refused: no drawing needs it, and the XML parser slows down with the square of the depth. */
export const MAX_SVG_DEPTH = 256;

/** Where the construct opened at `from` ends (just past `close`), or -1 when it never does. */
function skipPast(text: string, from: number, close: string): number {
  const end = text.indexOf(close, from);
  return end < 0 ? -1 : end + close.length;
}

/**
 * How deeply elements nest, read from the text in one pass without building a tree (comments, CDATA and
 * processing instructions skipped; quoted attribute values may hold `>`).
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = text.indexOf('<'); i >= 0 && i < text.length; i = text.indexOf('<', i)) {
    if (text.startsWith('<!--', i)) i = skipPast(text, i + 4, '-->');
    else if (text.startsWith('<![CDATA[', i)) i = skipPast(text, i + 9, ']]>');
    else if (text.startsWith('<?', i)) i = skipPast(text, i + 2, '?>');
    else if (text.startsWith('<!', i)) i = skipPast(text, i + 2, '>');
    else {
      let j = i + 1;
      for (let quote = ''; j < text.length; j += 1) {
        const c = text[j];
        if (quote !== '') {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (j >= text.length) break;
      if (text[i + 1] === '/') depth -= 1;
      else if (text[j - 1] !== '/') deepest = Math.max(deepest, (depth += 1));
      i = j + 1;
    }
    if (i < 0) break;
  }
  return deepest;
}

const XML_DECLARED_ENCODING = /^<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/i;
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

export interface PrecheckedSvg {
  /** The document text, ready for the XML parser: UTF-8 decoded, BOM and the harmless DOCTYPE dropped. */
  text: string;
  /** What was dropped before parsing, in the user's words. */
  dropped: string[];
}

function rejectFile(message: string): OutpostError {
  return new OutpostError('invalid_input', message, { issues: [{ path: 'file', message }] });
}

function checkDeclaredEncoding(start: string): void {
  const declared = XML_DECLARED_ENCODING.exec(start.replace(/^\uFEFF/u, '').trimStart())?.[1]
    ?.trim()
    .toLowerCase();
  if (declared !== undefined && !UTF8_NAMES.has(declared)) {
    throw rejectFile(
      `The SVG file declares the encoding "${declared.slice(0, 40)}"; Outpost reads UTF-8 only. Save it again as UTF-8.`,
    );
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** UTF-16 and UTF-32 are recognised by their byte-order mark or by the NUL bytes around the first `<`. */
function looksLikeWideEncoding(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  if ((a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe)) return true;
  return bytes.subarray(0, 4).includes(0);
}

/**
 * Checks an uploaded SVG before any parser sees it: the size limit, the encoding (UTF-8 only) and markup
 * declarations (a DOCTYPE or ENTITY could make the parser expand entities or fetch files). Throws an
 * OutpostError naming `file` that says what the user can do; returns the text to parse.
 */
export function precheckSvg(input: Buffer | string, maxBytes: number = DEFAULT_MAX_SVG_BYTES): PrecheckedSvg {
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new OutpostError('invalid_input', 'The SVG size limit must be a whole number of bytes above 0.', {
      issues: [{ path: 'maxBytes', message: 'must be a whole number above 0' }],
    });
  }
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    const message = `The SVG file is ${mebibytes(size)}; the limit is ${mebibytes(maxBytes)}. Simplify the drawing or export it without embedded pictures, then upload it again.`;
    throw new OutpostError('payload_too_large', message, { issues: [{ path: 'file', message }] });
  }
  if (size === 0) throw rejectFile('The SVG file is empty. Choose the .svg file exported from your drawing program.');

  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    if (looksLikeWideEncoding(input)) {
      throw rejectFile('The SVG file is saved as UTF-16 or UTF-32; Outpost reads UTF-8 only. Save it again as UTF-8.');
    }
    // The declaration is ASCII, so it can be read before decoding: naming the declared encoding helps more
    // than "not valid UTF-8".
    checkDeclaredEncoding(input.subarray(0, 256).toString('latin1'));
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (_) {
      throw rejectFile('The SVG file is not valid UTF-8 text. Save it again as UTF-8 (plain SVG) and upload it again.');
    }
  }
  if (text.includes('\u0000')) {
    throw rejectFile('The SVG file contains NUL characters, so it is not UTF-8 text. Save it again as UTF-8.');
  }
  text = text.replace(/^\uFEFF/, '').trimStart();

  checkDeclaredEncoding(text);

  const dropped: string[] = [];
  if (STANDARD_SVG_DOCTYPE.test(text)) {
    text = text.replace(STANDARD_SVG_DOCTYPE, '');
    dropped.push('document type declaration (DOCTYPE), not needed');
  }
  if (MARKUP_DECLARATION.test(text)) {
    throw rejectFile(
      'The SVG file contains a DOCTYPE or ENTITY declaration, which Outpost does not accept because it can expand into huge or outside content. Export the drawing again as plain SVG, or delete the <!DOCTYPE …> block.',
    );
  }
  if (nestingDepth(text) > MAX_SVG_DEPTH) {
    throw rejectFile(
      `The SVG is nested more than ${MAX_SVG_DEPTH} levels deep. Flatten its groups (Ungroup in your drawing program) and upload it again.`,
    );
  }
  return { text, dropped };
}
