import { OutpostError, type integrationsMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

const notYet = (): never => {
  throw new OutpostError('unavailable', 'Status integrations are being built.');
};

export function integrationsHandlers(_deps: HandlerDeps) {
  return {
    'integrations.get': notYet,
    'integrations.set': notYet,
    'integrations.test': notYet,
  } satisfies Pick<HandlerTable, keyof typeof integrationsMethods>;
}
