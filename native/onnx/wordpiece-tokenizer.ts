/**
 * BERT's uncased tokenizer (BasicTokenizer + WordPiece), hand-written because no tokenizer library is
 * installed and the product must run offline without one. It follows the reference implementation in
 * google-research/bert `tokenization.py` (and Hugging Face's `BertTokenizer`), so the ids match what the
 * model was trained with: clean the text, put spaces around CJK ideographs, split on whitespace,
 * lowercase and strip accents, split on punctuation, then greedy longest-match WordPiece with `##`
 * continuations, `[UNK]` for words that cannot be pieced, and `[CLS] … [SEP]` around the result.
 */

export interface TokenizerSettings {
  /** Lowercase and strip accents (the "uncased" models). */
  lowercase: boolean;
  /** Longest sequence the model is fed, special tokens included. */
  maxLength: number;
}

export interface WordPieceTokenizer {
  readonly maxLength: number;
  readonly padId: number;
  /** Token ids with `[CLS]` first and `[SEP]` last, truncated to `maxLength`. */
  encode(text: string): number[];
  /** The word pieces before ids are looked up (no special tokens, no truncation). */
  pieces(text: string): string[];
}

/** Words longer than this become `[UNK]` without trying to piece them (as in the reference code). */
const MAX_CHARS_PER_WORD = 100;

const CONTROL = /[\p{Cc}\p{Cf}]/u;
const WHITESPACE = /[\t\n\r\p{Zs}]/u;
const UNICODE_PUNCTUATION = /\p{P}/u;
const COMBINING_MARK = /\p{Mn}/gu;

function isWhitespace(ch: string): boolean {
  return WHITESPACE.test(ch);
}

/** Tab, newline and carriage return count as whitespace, not control characters. */
function isControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return CONTROL.test(ch);
}

/** BERT treats every non-alphanumeric ASCII character as punctuation, even `$`, `^` and `` ` ``. */
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
    return true;
  }
  return UNICODE_PUNCTUATION.test(ch);
}

/** The CJK Unified Ideographs blocks (not Hiragana, Katakana or Hangul, which are written with spaces). */
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Drops NUL, U+FFFD and control characters, maps every whitespace to a space, isolates CJK ideographs. */
function cleanText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // Printable ASCII, most of every log line, needs none of the Unicode tests below.
    if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    else if (isWhitespace(ch)) out += ' ';
    else if (isCjk(cp)) out += ` ${ch} `;
    else out += ch;
  }
  return out;
}

function splitOnPunctuation(word: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of word) {
    if (isPunctuation(ch)) {
      if (current) parts.push(current);
      parts.push(ch);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Runs of characters between whitespace (the same whitespace cleanText maps to a space). */
const CHUNK = /[^\t\n\r\p{Zs}]+/gu;

/**
 * The basic tokens one at a time, cleaning each whitespace-separated chunk as it is reached: the same
 * tokens as cleaning the whole text first, but a capped encode of a megabyte line stops after its first
 * few dozen words instead of cleaning all of it.
 */
function* basicTokens(text: string, lowercase: boolean): Generator<string> {
  for (const [chunk] of text.matchAll(CHUNK)) {
    for (const raw of cleanText(chunk).split(' ')) {
      if (!raw) continue;
      const word = lowercase ? raw.toLowerCase().normalize('NFD').replace(COMBINING_MARK, '') : raw;
      yield* splitOnPunctuation(word);
    }
  }
}

/** Greedy longest-match-first: the reference WordPiece algorithm. */
function wordPieces(word: string, vocab: ReadonlyMap<string, number>, unk: string): string[] {
  const chars = Array.from(word);
  if (chars.length > MAX_CHARS_PER_WORD) return [unk];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | null = null;
    while (start < end) {
      const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
      if (vocab.has(piece)) {
        found = piece;
        break;
      }
      end -= 1;
    }
    if (found === null) return [unk];
    pieces.push(found);
    start = end;
  }
  return pieces;
}

function requireId(vocab: ReadonlyMap<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`The tokenizer vocabulary has no ${token} token.`);
  return id;
}

export function createWordPieceTokenizer(
  vocab: ReadonlyMap<string, number>,
  settings: TokenizerSettings,
): WordPieceTokenizer {
  if (settings.maxLength < 3) throw new RangeError(`maxLength must be at least 3, got ${settings.maxLength}`);
  const unkId = requireId(vocab, '[UNK]');
  const clsId = requireId(vocab, '[CLS]');
  const sepId = requireId(vocab, '[SEP]');
  const padId = requireId(vocab, '[PAD]');

  function pieces(text: string): string[] {
    const out: string[] = [];
    for (const word of basicTokens(text, settings.lowercase)) out.push(...wordPieces(word, vocab, '[UNK]'));
    return out;
  }

  return {
    maxLength: settings.maxLength,
    padId,
    pieces,
    encode(text) {
      const ids = [clsId];
      // Room for the pieces: maxLength less [CLS] and [SEP]. Words past it are not even looked at.
      const last = settings.maxLength - 1;
      for (const word of basicTokens(text, settings.lowercase)) {
        for (const piece of wordPieces(word, vocab, '[UNK]')) {
          if (ids.length >= last) break;
          ids.push(vocab.get(piece) ?? unkId);
        }
        if (ids.length >= last) break;
      }
      ids.push(sepId);
      return ids;
    },
  };
}

/** `vocab.txt`: one token per line, the id is the line number counted from 0. */
export function parseVocabText(text: string): Map<string, number> {
  const vocab = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  // A trailing newline leaves one empty last line that is not a token.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((token, id) => {
    if (!vocab.has(token)) vocab.set(token, id);
  });
  return vocab;
}
