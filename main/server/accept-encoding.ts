import Negotiator from 'negotiator';

/** The content codings Outpost sends, best first: at equal client preference, the smaller answer wins. */
export type ContentCoding = 'br' | 'gzip' | 'identity';
const SERVER_ORDER: readonly ContentCoding[] = ['br', 'gzip', 'identity'];

/** negotiator 1.x takes `{ preferred }` for ties (its README); @types/negotiator 0.6 predates it. */
type EncodingsWithPreference = (available: readonly string[], options: { preferred: readonly string[] }) => string[];

/**
 * The coding to answer with, among `offered` and identity (RFC 9110 §12.5.3, through negotiator):
 * q-values rank them, `q=0` refuses one, `*` covers the ones not named, and ties go to the
 * smaller coding. Without the header, or when everything is refused, the answer goes uncoded:
 * every client can read that, and refusing to answer would help nobody.
 */
export function chooseEncoding(
  header: string | string[] | undefined,
  offered: readonly Exclude<ContentCoding, 'identity'>[],
): ContentCoding {
  if (header === undefined) return 'identity';
  // x-gzip is gzip's old name (RFC 9110 §8.4.1.3).
  const value = (Array.isArray(header) ? header.join(',') : header).replace(/\bx-gzip\b/gi, 'gzip');
  const negotiator = new Negotiator({ headers: { 'accept-encoding': value } });
  const encodings = negotiator.encodings.bind(negotiator) as EncodingsWithPreference;
  const [best] = encodings([...offered, 'identity'], { preferred: SERVER_ORDER });
  return (best as ContentCoding | undefined) ?? 'identity';
}

/** Whether an `Accept-Encoding` header allows gzip: listed, or covered by `*`, and not refused with `q=0`. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  return chooseEncoding(header, ['gzip']) === 'gzip';
}
