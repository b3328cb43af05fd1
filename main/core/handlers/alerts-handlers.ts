import { OutpostError, type alertsMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

// Placeholder until the pipeline helper wires these methods to the store and the pipeline.
const notWired = (): never => {
  throw new OutpostError('unavailable', 'Not wired yet');
};

export function alertsHandlers(_deps: HandlerDeps) {
  return {
    'alerts.list': notWired,
    'alerts.acknowledge': notWired,
    'alerts.resolve': notWired,
    'alertRules.list': notWired,
    'alertRules.create': notWired,
    'alertRules.update': notWired,
    'alertRules.delete': notWired,
  } satisfies Pick<HandlerTable, keyof typeof alertsMethods>;
}
