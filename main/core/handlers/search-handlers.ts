import { OutpostError, type searchMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

// Placeholder until the pipeline helper wires these methods to the store and the pipeline.
const notWired = (): never => {
  throw new OutpostError('unavailable', 'Not wired yet');
};

export function searchHandlers(_deps: HandlerDeps) {
  return {
    'search.query': notWired,
  } satisfies Pick<HandlerTable, keyof typeof searchMethods>;
}
