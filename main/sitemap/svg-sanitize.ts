import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { OutpostError } from '../contract/index.js';
import {
  elementChildren,
  getSvgWindow,
  lengthInPx,
  normalisedViewBox,
  parseSvgDocument,
  SVG_NS,
} from './svg-document.js';
import { MAX_SVG_DEPTH, precheckSvg } from './svg-precheck.js';
import { cssProblem, hasScriptScheme, isSameDocumentRef } from './svg-references.js';
import { RemovalLog } from './svg-removals.js';

export interface SanitizeSvgOptions {
  /** Larger files are refused with payload_too_large; default 10 MiB. */
  maxBytes?: number;
}

export interface SanitizedSvg {
  /** The cleaned drawing: one well-formed `<svg>` element (UTF-8 text, no XML declaration). */
  svg: string;
  /** What was taken out, in the user's words, each distinct item once with a count. Empty when nothing was. */
  removed: string[];
  /** The declared width and height in CSS pixels, when they are absolute lengths. */
  width?: number;
  height?: number;
  /** The declared viewBox, normalised to "minX minY width height". */
  viewBox?: string;
}

/** Drawing programs' private bookkeeping: invisible, so it is dropped and summed up in one line. */
const EDITOR_NAMESPACES = new Set([
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://ns.adobe.com/AdobeIllustrator/10.0/',
  'http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/',
  'http://ns.adobe.com/Extensibility/1.0/',
  'http://ns.adobe.com/Graphs/1.0/',
  'http://ns.adobe.com/ImageReplacement/1.0/',
  'http://ns.adobe.com/SaveForWeb/1.0/',
  'http://ns.adobe.com/Variables/1.0/',
  'http://ns.adobe.com/xap/1.0/',
  'http://www.bohemiancoding.com/sketch/ns',
  'http://serif.com/',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://creativecommons.org/ns#',
  'http://purl.org/dc/elements/1.1/',
]);
const INKSCAPE_NS = 'http://www.inkscape.org/namespaces/inkscape';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const ANIMATION_ELEMENTS = new Set(['animate', 'set', 'animateMotion', 'animateTransform', 'animateColor']);
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);
/** Attributes holding the user's own words: a backslash or bracket there is text, not CSS. */
const TEXT_ATTRIBUTE = /^(?:id|class|aria-[\w-]+|data-[\w.-]+|lang|xml:lang|xml:space)$/u;

const PURIFY_CONFIG: Config & { RETURN_DOM: true } = {
  USE_PROFILES: { svg: true, svgFilters: true },
  // <use> is in DOMPurify's SVG deny list because it can pull in other documents; floor plans reuse symbols
  // (doors, cameras) with it, and the attribute rule below leaves it only same-document #fragment links.
  ADD_TAGS: ['use'],
  // The values of the animations DOMPurify keeps (animateTransform, animateMotion): safe here because the
  // pass before DOMPurify drops animations that target links, handlers or styles, and the attribute rule
  // below drops script-scheme values.
  ADD_ATTR: ['from', 'to', 'by'],
  // Named although the SVG profile already leaves them out, so a wider profile in a later DOMPurify cannot let
  // them back in: each runs script, embeds another document, or (animate/set) rewrites attributes after we
  // checked them.
  FORBID_TAGS: ['script', 'foreignObject', 'iframe', 'embed', 'object', 'animate', 'set', 'discard', 'handler'],
  // A removed element's text is normally kept; the text of an SVG 1.2 <handler> is script, so it goes with it.
  ADD_FORBID_CONTENTS: ['handler'],
  RETURN_DOM: true,
};

/**
 * Rules beyond DOMPurify's defaults, decided per attribute:
 *  - href, xlink:href and src keep only same-document `#fragment` links: DOMPurify allows http(s) links and
 *    data: URLs on <image>, which would make the viewer fetch (tracking, content swapped after review) or
 *    bypass the asset store. Embedded pictures go too: upload pictures as the base map instead.
 *  - xml:base goes: it would change what every remaining link resolves against.
 *  - any value read as CSS (style, fill, filter, clip-path, mask, marker, cursor…) may use url() only as
 *    url(#id): DOMPurify does not look inside CSS, and url(https://…) there loads a file like an href does.
 *  - any value whose compacted form holds javascript: goes, whatever the attribute, so no future attribute
 *    a browser treats as a URL can carry script.
 */
function attributeIsSafe(lcName: string, value: string): boolean {
  if (LINK_ATTRIBUTES.has(lcName)) return isSameDocumentRef(value);
  if (lcName === 'xml:base') return false;
  if (hasScriptScheme(value)) return false;
  if (lcName === 'style' || (!TEXT_ATTRIBUTE.test(lcName) && /[\\(]/u.test(value))) return cssProblem(value) === null;
  return true;
}

let purifier: DOMPurify | undefined;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  const instance = createDOMPurify(getSvgWindow() as unknown as Parameters<typeof createDOMPurify>[0]);
  instance.addHook('uponSanitizeAttribute', (_node, data) => {
    if (!attributeIsSafe(data.attrName, data.attrValue)) data.keepAttr = false;
  });
  purifier = instance;
  return instance;
}

function rejectFile(message: string): OutpostError {
  return new OutpostError('invalid_input', message, { issues: [{ path: 'file', message }] });
}

/** An animation element that would rewrite a link, a handler or a style: an attack, not a blinking alarm. */
function dangerousAnimationTarget(element: Element): string | null {
  if (!ANIMATION_ELEMENTS.has(element.localName)) return null;
  const target = (element.getAttribute('attributeName') ?? '').trim();
  const lc = target.toLowerCase().replace(/^xlink:/u, '');
  const dangerous =
    lc.startsWith('on') || lc.includes('href') || ['src', 'style', 'attributename', 'xml:base'].includes(lc);
  return dangerous ? target.slice(0, 60) : null;
}

/** Drops namespace declarations (the serializer writes the ones still needed) and editor attributes. */
function cleanAttributes(element: Element): number {
  let editorItems = 0;
  for (const attr of [...element.attributes]) {
    if (attr.namespaceURI === XMLNS_NS) {
      element.removeAttributeNode(attr);
    } else if (attr.namespaceURI !== null && EDITOR_NAMESPACES.has(attr.namespaceURI)) {
      // Inkscape's object names are what people call their rooms: keep them as the accessible name.
      if (attr.namespaceURI === INKSCAPE_NS && attr.localName === 'label' && !element.hasAttribute('aria-label')) {
        element.setAttribute('aria-label', attr.value);
      }
      element.removeAttributeNode(attr);
      editorItems += 1;
    }
  }
  return editorItems;
}

/**
 * The pass before DOMPurify, over the XML document: it removes what DOMPurify cannot see or judge (processing
 * instructions, CDATA sections that cannot enter its HTML document, CSS inside <style>, what an animation
 * targets) and editor bookkeeping. Walks with a stack, not recursion.
 */
function prepare(doc: Document, log: RemovalLog): void {
  for (const node of [...doc.childNodes]) {
    if (node.nodeType === node.PROCESSING_INSTRUCTION_NODE) {
      log.add(`processing instruction <?${(node as ProcessingInstruction).target.slice(0, 40)}?>`);
    }
  }
  let editorItems = 0;
  const root = doc.documentElement;
  editorItems += cleanAttributes(root);
  const stack: { element: Element; depth: number }[] = [{ element: root, depth: 1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    // A backstop: precheckSvg already refused deeper text, but the tree is what DOMPurify will recurse into.
    if (item.depth > MAX_SVG_DEPTH) {
      throw rejectFile(
        `The SVG is nested more than ${MAX_SVG_DEPTH} levels deep. Flatten its groups and upload it again.`,
      );
    }
    for (const node of [...item.element.childNodes]) {
      if (node.nodeType === node.COMMENT_NODE) {
        node.parentNode?.removeChild(node);
      } else if (node.nodeType === node.CDATA_SECTION_NODE) {
        node.parentNode?.replaceChild(doc.createTextNode((node as CDATASection).data), node);
      } else if (node.nodeType === node.PROCESSING_INSTRUCTION_NODE) {
        log.add(`processing instruction <?${(node as ProcessingInstruction).target.slice(0, 40)}?>`);
        node.parentNode?.removeChild(node);
      } else if (node.nodeType === node.ELEMENT_NODE) {
        const element = node as Element;
        const animated = dangerousAnimationTarget(element);
        const css = element.localName === 'style' ? cssProblem(element.textContent ?? '') : null;
        if (
          (element.namespaceURI !== null && EDITOR_NAMESPACES.has(element.namespaceURI)) ||
          (element.namespaceURI === SVG_NS && element.localName === 'metadata')
        ) {
          element.parentNode?.removeChild(element);
          editorItems += 1;
        } else if (animated !== null) {
          log.element(element, `that changes ${animated}`);
          element.parentNode?.removeChild(element);
        } else if (css !== null) {
          log.element(element, `with ${css}`);
          element.parentNode?.removeChild(element);
        } else {
          editorItems += cleanAttributes(element);
          stack.push({ element, depth: item.depth + 1 });
        }
      }
    }
  }
  if (editorItems > 0) {
    log.add(editorItems === 1 ? 'drawing-program metadata' : `${editorItems} drawing-program metadata items`);
  }
}

/**
 * Cleans an uploaded SVG (base map or overlay layer) before it is stored or shown: nothing that runs script,
 * loads anything from outside the file, or embeds another document survives. Refuses (OutpostError naming
 * `file`) files over `maxBytes` (payload_too_large), in another encoding than UTF-8, with a DOCTYPE/ENTITY
 * declaration, not well-formed, or whose top element is not `<svg>`.
 */
export function sanitizeSvg(input: Buffer | string, options: SanitizeSvgOptions = {}): SanitizedSvg {
  const { text, dropped } = precheckSvg(input, options.maxBytes);
  const doc = parseSvgDocument(text);
  const log = new RemovalLog();
  for (const item of dropped) log.add(item);
  prepare(doc, log);

  const purify = getPurifier();
  const body = purify.sanitize(doc.documentElement, PURIFY_CONFIG) as Element;
  for (const removal of purify.removed) {
    if ('element' in removal) {
      // DOMPurify's own wrapper <body> shows up as removed under the SVG profile; it was never in the file.
      if (removal.element === body) continue;
      if (removal.element.nodeType === removal.element.ELEMENT_NODE) log.element(removal.element as Element);
      else log.add('stray text or markup');
    } else if (removal.attribute) {
      log.attribute(removal.from as Element, removal.attribute.name, removal.attribute.value);
    }
  }
  const svg = [...elementChildren(body)].find((el) => el.namespaceURI === SVG_NS && el.localName === 'svg');
  if (!svg) throw rejectFile('Nothing drawable was left in the SVG after removing unsafe content.');

  const window = getSvgWindow();
  const result: SanitizedSvg = { svg: new window.XMLSerializer().serializeToString(svg), removed: log.list() };
  const width = lengthInPx(svg.getAttribute('width'));
  const height = lengthInPx(svg.getAttribute('height'));
  const viewBox = normalisedViewBox(svg.getAttribute('viewBox'));
  if (width !== undefined) result.width = width;
  if (height !== undefined) result.height = height;
  if (viewBox !== undefined) result.viewBox = viewBox;
  return result;
}
