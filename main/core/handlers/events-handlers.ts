import { OutpostError, type eventsMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

// Placeholder until the pipeline helper wires these methods to the store and the pipeline.
const notWired = (): never => {
  throw new OutpostError('unavailable', 'Not wired yet');
};

export function eventsHandlers(_deps: HandlerDeps) {
  return {
    'events.list': notWired,
    'events.get': notWired,
    'events.acknowledge': notWired,
  } satisfies Pick<HandlerTable, keyof typeof eventsMethods>;
}
