import { searchWords, wordMatchesTerm } from '../../main/contract/index.js';

/** The text with the words that matched the search marked (`<mark>`), as search counted them. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  if (terms.length === 0) return <>{text}</>;
  // Split keeps the separators (odd indexes hold words), so the text comes back unchanged.
  const pieces = text.split(/([\p{L}\p{N}_]+)/u);
  return (
    <>
      {pieces.map((piece, i) =>
        i % 2 === 1 && searchWords(piece).length === 1 && terms.some((t) => wordMatchesTerm(piece, t)) ? (
          <mark key={i}>{piece}</mark>
        ) : (
          piece
        ),
      )}
    </>
  );
}
