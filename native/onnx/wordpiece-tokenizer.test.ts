import { describe, expect, it } from 'vitest';
import { loadTokenizer, MAX_SEQUENCE_LENGTH, modelFilesIn } from './model-files.js';
import { createWordPieceTokenizer, parseVocabText } from './wordpiece-tokenizer.js';

// The real all-MiniLM-L6-v2 tokenizer files (see /work/shared/models/README.md).
const MODEL_DIR = new URL('../../../shared/models/bert-tiny-random/', import.meta.url).pathname;

function tokenizer() {
  const files = modelFilesIn(MODEL_DIR);
  if (!files) throw new Error(`no model files in ${MODEL_DIR}`);
  return loadTokenizer(files);
}

// Every expected id below was looked up in vocab.txt (line number − 1).
describe('WordPiece tokenizer (all-MiniLM-L6-v2 vocabulary)', () => {
  it('encodes a sentence with [CLS]/[SEP], lowercased, punctuation split off', () => {
    // [CLS]=line 102, hello=7593, ","=1011, world=2089, "!"=1000, [SEP]=103
    expect(tokenizer().encode('Hello, world!')).toEqual([101, 7592, 1010, 2088, 999, 102]);
  });

  it('splits unknown words into ## pieces, longest match first', () => {
    const t = tokenizer();
    // The example from BERT's documentation: una ##ffa ##ble (lines 14478, 20962, 3469).
    expect(t.pieces('unaffable tokenization')).toEqual(['una', '##ffa', '##ble', 'token', '##ization']);
    expect(t.encode('unaffable tokenization')).toEqual([101, 14477, 20961, 3468, 19204, 3989, 102]);
  });

  it('strips accents and isolates CJK ideographs', () => {
    const t = tokenizer();
    expect(t.encode('Café NAÏVE')).toEqual([101, 7668, 15743, 102]); // cafe=7669, naive=15744
    expect(t.encode('中国abc')).toEqual([101, 1746, 1799, 5925, 102]); // 中=1747, 国=1800, abc=5926
  });

  it('treats every ASCII symbol as punctuation', () => {
    expect(tokenizer().pieces('costs $5.00')).toEqual(['costs', '$', '5', '.', '00']);
  });

  it('drops control and zero-width characters and maps whitespace to spaces', () => {
    expect(tokenizer().pieces('a\u0000b\tc\u200bd\r\ne')).toEqual(['ab', 'cd', 'e']);
  });

  it('uses [UNK] for unpieceable and overlong words', () => {
    const t = tokenizer();
    expect(t.encode('x'.repeat(101))).toEqual([101, 100, 102]);
    expect(t.encode('🦜')).toEqual([101, 100, 102]);
  });

  it('caps a long text at MAX_SEQUENCE_LENGTH tokens: its head, with [SEP] last', () => {
    const t = tokenizer();
    const ids = t.encode('word '.repeat(400));
    expect(ids).toHaveLength(MAX_SEQUENCE_LENGTH);
    expect(ids[0]).toBe(101);
    expect(ids[MAX_SEQUENCE_LENGTH - 1]).toBe(102);
    // The words past the cap make no difference, however many there are.
    const head = 'Gate 4 controller lost power; ' + 'retrying '.repeat(MAX_SEQUENCE_LENGTH);
    expect(t.encode(head + 'x'.repeat(2_000_000))).toEqual(t.encode(head));
    expect(t.encode(head + 'then gave up')).toEqual(t.encode(head));
  });

  it('encodes empty text as [CLS] [SEP]', () => {
    expect(tokenizer().encode('   ')).toEqual([101, 102]);
  });

  it('honours a cased vocabulary and a shorter maximum', () => {
    const vocab = parseVocabText('[PAD]\n[UNK]\n[CLS]\n[SEP]\nHi\nhi\n!\n');
    const cased = createWordPieceTokenizer(vocab, { lowercase: false, maxLength: 4 });
    expect(cased.encode('Hi hi! hi')).toEqual([2, 4, 5, 3]);
  });
});
