import { OutpostError } from '../../contract/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';

type Owned =
  | 'sitemap.get'
  | 'sitemap.uploadAsset'
  | 'sitemap.assetContent'
  | 'sitemap.saveOverlays'
  | 'sitemap.importOverlays'
  | 'sitemap.clear';

const notYet = (): never => {
  throw new OutpostError('unavailable', 'The site map editor is being built.');
};

export function sitemapHandlers(_deps: HandlerDeps) {
  return {
    'sitemap.get': notYet,
    'sitemap.uploadAsset': notYet,
    'sitemap.assetContent': notYet,
    'sitemap.saveOverlays': notYet,
    'sitemap.importOverlays': notYet,
    'sitemap.clear': notYet,
  } satisfies Pick<HandlerTable, Owned>;
}
