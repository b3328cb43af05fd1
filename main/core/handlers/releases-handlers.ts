import { OutpostError, type releasesMethods } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

const notYet = (): never => {
  throw new OutpostError('unavailable', 'Releases are being built.');
};

export function releasesHandlers(_deps: HandlerDeps) {
  return {
    'releases.publish': notYet,
    'releases.list': notYet,
    'releases.get': notYet,
    'releases.rollback': notYet,
    'releases.diff': notYet,
  } satisfies Pick<HandlerTable, keyof typeof releasesMethods>;
}
