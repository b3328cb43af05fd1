import type { Config, EventBus, Logger } from '../../core/slice-kit/index.js';
import type { BlobStore } from '../../media/index.js';
import type { OutboundGuard } from '../../outbound/index.js';
import type { Store } from '../../store/index.js';
import type { SiteStatusService } from '../status-service-types.js';
import type { SvgProcessor } from '../svg-processor.js';

/** What the site-map slice's handlers use. */
export interface SitemapHandlerDeps {
  store: Store;
  bus: EventBus;
  /** Upload limits and the import's row limit. */
  config: Pick<Config, 'sitemap'>;
  /** Where map files are stored, content-addressed. */
  blobs: BlobStore;
  logger: Logger;
  now: () => number;
  /** Live status of every site's entities (cached per site, pushed on change). */
  siteStatus: SiteStatusService;
  /** Sanitises uploaded SVGs and lists their overlay shapes in a worker thread, off the event loop. */
  svg: SvgProcessor;
  /** The address guard every outgoing request passes (status integrations). */
  outbound: OutboundGuard;
}
