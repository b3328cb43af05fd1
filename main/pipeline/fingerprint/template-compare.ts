import { maskMessage } from './masking.js';
import { statesDiffer } from './token-kinds.js';
import { tokenize } from './tokens.js';

/**
 * Whether two templates (as the miner renders them) state different outcomes or states: the
 * grouping stage asks before it joins a new template to a group by likeness of their embeddings,
 * which reads `Before sync` and `After sync` as near twins.
 */
export function templatesStateDiffer(a: string, b: string): boolean {
  return statesDiffer(tokenize(maskMessage(a)).tokens, tokenize(maskMessage(b)).tokens);
}
