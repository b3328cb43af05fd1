import { z } from 'zod';

/*
 * What text Outpost accepts, defined once. Control characters break terminals, log viewers, CSV
 * exports and the template miner; bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) make text display in another order than it is stored ("Trojan Source": a site
 * named "Gate ‮1 kcab‬" reads as something else on the wall board); a lone surrogate is not
 * Unicode at all and cannot be written as UTF-8, so SQLite and every export would get bytes that
 * are not text. Every method input is checked against these rules (`withTextRule`, applied by
 * `defineMethod`), names are one line besides (`SingleLine`), and event text that sources send —
 * which cannot be refused without losing the event — has the same characters replaced
 * (`replaceUnsafeText`, in the pipeline's normalize stage).
 */

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Line breaks and tabs: fine in messages and notes, not in names. */
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
/** Bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextKind =
  /** Messages, notes, addresses, file contents: tabs and line breaks allowed. */
  | 'text'
  /** Names, labels, tags: one line. */
  | 'line';

/** Anything the rule might refuse (surrogates included, which are fine in pairs): one scan for clean text. */
// eslint-disable-next-line no-control-regex
const SUSPECT_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const SUSPECT_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;

/** Why `text` is not acceptable as `kind`, or null. The same text always gives the same answer. */
export function textProblem(text: string, kind: TextKind): string | null {
  if (!(kind === 'text' ? SUSPECT_IN_TEXT : SUSPECT_IN_LINE).test(text)) return null;
  const lone = LONE_SURROGATE.exec(text)?.[0];
  if (lone !== undefined) return `must be valid Unicode text (it holds a lone surrogate, ${codePoint(lone)})`;
  const control = CONTROL.exec(text)?.[0];
  if (control !== undefined) return `must not contain control characters (${codePoint(control)})`;
  const bidi = BIDI.exec(text)?.[0];
  if (bidi !== undefined) {
    return `must not contain bidirectional override or isolate characters (${codePoint(bidi)}): they make text display in another order than it is stored`;
  }
  if (kind === 'line') {
    const breakOrTab = LINE_BREAK_OR_TAB.exec(text)?.[0];
    if (breakOrTab !== undefined) return `must be one line, without tabs or line breaks (${codePoint(breakOrTab)})`;
  }
  return null;
}

/** The same rule as a zod check, for a field of its own (names). */
export function textCheck(kind: TextKind) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * A trimmed one-line name of 1 to `max` characters: what every name, label and tag of the
 * contract is. Refused with the field's path and the reason (400 naming the field).
 */
export function SingleLine(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .superRefine(textCheck('line'));
}

const MAX_DEPTH = 64;

/**
 * A file carried as base64 in a method's input (the desktop's IPC and JSON rpc cannot carry bytes).
 * It is not text, so the text rule leaves it alone, and it is not checked on the way in either:
 * scanning megabytes of base64 twice on the Core's event loop (the text rule and a base64 pattern)
 * cost about 100 ms per upload. The method decodes it strictly where the file is checked (in a
 * worker), refusing anything that is not base64 with a 400 naming the field.
 */
export class Base64File {
  constructor(readonly base64: string) {}
  /** The decoded size, from the length alone (no scan). */
  get decodedBytes(): number {
    const text = this.base64;
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((text.length * 3) / 4) - padding);
  }
}

/** A field holding a file as base64 of at most `maxChars` characters: parsed into a Base64File. */
export function Base64FileField(maxChars: number, tooLarge: string) {
  return z
    .string()
    .max(maxChars, tooLarge)
    .transform((text) => new Base64File(text));
}

/**
 * A file's bytes in a method's input: only callers in the Core's own process can send them (the
 * multipart upload routes); JSON cannot. Not text either.
 */
export const FileBytesField = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be the file’s bytes');

/**
 * Every string (and object key) in a parsed input checked as `text`. The path is one array pushed
 * and popped on the way, copied only for an issue: inputs can hold tens of thousands of strings.
 */
function checkTree(value: unknown, path: (string | number)[], ctx: z.RefinementCtx, depth: number): void {
  if (typeof value === 'string') {
    const problem = textProblem(value, 'text');
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [...path] });
    return;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return;
  // Files are bytes, not text: their own checks run where they are decoded.
  if (value instanceof Base64File || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkTree(value[i], path, ctx, depth + 1);
      path.pop();
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    path.push(key);
    const problem = textProblem(key, 'line');
    if (problem) ctx.addIssue({ code: 'custom', message: `has a field name that ${problem}`, path: [...path] });
    checkTree((value as Record<string, unknown>)[key], path, ctx, depth + 1);
    path.pop();
  }
}

/**
 * The whole input of a method held to the text rule: every string anywhere in it (free-form
 * configs and records included) refuses controls, bidi overrides and lone surrogates, so a field
 * added later is covered without anyone remembering to. `defineMethod` applies it to every input.
 */
export function withTextRule<S extends z.ZodType>(schema: S): S {
  return schema.superRefine((value, ctx) => checkTree(value, [], ctx, 0)) as S;
}

export interface ReplacedText {
  text: string;
  /** How many characters were replaced (0: the text was clean). */
  replaced: number;
}

const REPLACEMENT = '\uFFFD';
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// A constant of this module (the global form of LONE_SURROGATE), never a user's pattern.
// eslint-disable-next-line no-restricted-syntax
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * For text that must be kept even when it breaks the rule (events from sources): every character
 * the rule refuses in `text` becomes U+FFFD, so what was there stays visible without acting on
 * the display. Tabs, line feeds and carriage returns are left to the caller.
 */
export function replaceUnsafeText(text: string): ReplacedText {
  // Almost every text has nothing to replace: one scan, and no replacement callback is made for it.
  if (!SUSPECT_IN_TEXT.test(text)) return { text, replaced: 0 };
  let replaced = 0;
  const count = (): string => {
    replaced++;
    return REPLACEMENT;
  };
  let out = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, count) : text;
  UNSAFE.lastIndex = 0;
  if (UNSAFE.test(out)) {
    UNSAFE.lastIndex = 0;
    out = out.replace(UNSAFE, count);
  }
  return { text: out, replaced };
}
