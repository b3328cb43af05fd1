/**
 * What each token of a masked line is, decided once per line so that matching compares small
 * integers instead of scanning strings:
 * - WILD: a masked value (`<*>`) on its own;
 * - VALUE: a value masking could not name: a token with a digit (`R02-M1`, `core.2275`) or a masked
 *   part (`blk_<*>`); a dotted name (`host.example.net`, `org.example.Service`: hosts, classes and
 *   settings vary where words don't); a placeholder written where a value is missing (`unknown`,
 *   `null`, `n/a`). Two values in one place count as equal, and a value never picks a tree branch.
 *   A line's first token is the exception for dotted names: there it is usually the message's own
 *   subject (`mapred.job.id is deprecated`), so only a file name (`chrome.exe - …`) counts as a value;
 * - STATE: a word that states an outcome, a state or a severity (ok/error, up/down, before/after,
 *   started/stopped, info/warn…): two lines that differ in one are different events, however alike
 *   the rest;
 * - WORD: any other word.
 */
import { WILDCARD } from './masking.js';

export const WORD = 0;
export const VALUE = 1;
export const WILD = 2;
export const STATE = 3;

/** A word in the ways logs write it: `error`, `Error`, `ERROR`. */
function spellings(words: string): string[] {
  return words.split(' ').flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]);
}

/**
 * Words that state an outcome, a state or a severity. Kept short and general on purpose: each is a
 * word whose opposite in the same place makes another event for the person reading the logs.
 */
const STATE_WORDS = new Set(
  spellings(
    'ok okay error errors fail failed failure failures success succeeded successful successfully true false yes no ' +
      'on off up down enabled disabled enable disable start started starting stop stopped stopping begin end before ' +
      'after open opened close closed connected disconnected accepted rejected refused denied allowed granted valid ' +
      'invalid added removed created deleted locked unlocked loaded unloaded mounted unmounted online offline active ' +
      'inactive available unavailable entering leaving exiting trace debug info notice warn warning critical fatal',
  ),
);

/** Words written where a value is missing: they stand in one value's place. */
const PLACEHOLDERS = new Set(spellings('unknown null nil undefined n/a'));

/** `chrome.exe`, `backup.sh`: a name and a short extension. */
const FILE_NAME = /^[A-Za-z][\w-]*\.[A-Za-z]{1,4}$/;

export function tokenKind(token: string, first: boolean): number {
  if (token === WILDCARD) return WILD;
  let dotted = false;
  let previous = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) return VALUE;
    if (code === 60 && token.startsWith(WILDCARD, i)) return VALUE;
    if (code === 46 && isLetter(previous) && isLetter(token.charCodeAt(i + 1))) dotted = true;
    previous = code;
  }
  if (dotted) return !first || FILE_NAME.test(token) ? VALUE : WORD;
  if (PLACEHOLDERS.has(token)) return VALUE;
  if (STATE_WORDS.has(token)) return STATE;
  return WORD;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function tokenKinds(tokens: readonly string[]): Uint8Array {
  const kinds = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) kinds[i] = tokenKind(tokens[i]!, i === 0);
  return kinds;
}

/**
 * Whether two templates state different outcomes or states (`Before sync: …` and `After sync: …`,
 * `link up` and `link down`): then they are different events, however alike the rest reads.
 */
export function statesDiffer(a: readonly string[], b: readonly string[]): boolean {
  const states = (tokens: readonly string[]) =>
    tokens
      .filter((t) => STATE_WORDS.has(t))
      .map((t) => t.toLowerCase())
      .sort()
      .join(' ');
  return states(a) !== states(b);
}
