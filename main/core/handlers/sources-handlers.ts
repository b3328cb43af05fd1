import { OutpostError, type sourcesMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

// Placeholder until the pipeline helper wires these methods to the store and the pipeline.
const notWired = (): never => {
  throw new OutpostError('unavailable', 'Not wired yet');
};

export function sourcesHandlers(_deps: HandlerDeps) {
  return {
    'sources.list': notWired,
    'sources.get': notWired,
    'sources.create': notWired,
    'sources.update': notWired,
    'sources.delete': notWired,
    'sources.test': notWired,
    'sources.health': notWired,
  } satisfies Pick<HandlerTable, keyof typeof sourcesMethods>;
}
