import { OutpostError } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

type Owned = 'sitemap.entities' | 'sitemap.status' | 'sitemap.entity';

const notYet = (): never => {
  throw new OutpostError('unavailable', 'Live map status is being built.');
};

export function sitemapStatusHandlers(_deps: HandlerDeps) {
  return {
    'sitemap.entities': notYet,
    'sitemap.status': notYet,
    'sitemap.entity': notYet,
  } satisfies Pick<HandlerTable, Owned>;
}
