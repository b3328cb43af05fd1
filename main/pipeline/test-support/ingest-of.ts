import type { Core } from '../../core/index.js';
import type { WebhookIngestRoutes } from '../ingest/ingest-route.js';
import type { WebhookIngest } from '../ingest/webhook-ingest.js';

/** The webhook ingest a Core serves (`POST /api/ingest/{sourceId}`), for tests that call it without HTTP. */
export function ingestOf(core: Core): WebhookIngest {
  const routes = core.routes?.find((r): r is WebhookIngestRoutes => 'ingest' in r);
  if (!routes) throw new Error('This Core has no webhook ingest routes.');
  return routes.ingest;
}
