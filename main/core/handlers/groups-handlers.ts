import { OutpostError, type groupsMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

// Placeholder until the pipeline helper wires these methods to the store and the pipeline.
const notWired = (): never => {
  throw new OutpostError('unavailable', 'Not wired yet');
};

export function groupsHandlers(_deps: HandlerDeps) {
  return {
    'groups.list': notWired,
    'groups.get': notWired,
    'groups.similar': notWired,
    'groups.merge': notWired,
    'groups.split': notWired,
    'groups.tag': notWired,
  } satisfies Pick<HandlerTable, keyof typeof groupsMethods>;
}
