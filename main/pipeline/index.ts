/** The door of the event pipeline: the orchestrator, and what the Core needs of its parts. */
export * from './event-types.js';
export { createPipeline } from './pipeline.js';
export type { Pipeline, PipelineBus, PipelineConfig, PipelineOptions } from './pipeline-types.js';
export { createWebhookNotifier, type OutgoingWebhook, type WebhookNotifier } from './webhook-notifier.js';
export { createTemplateMiner, type TemplateMiner } from './fingerprint/index.js';
export { createEmbedder, createHashedNgramEmbedder, findModelDir, type Embedder } from './embed/index.js';
export {
  assertMayManageSourceKind,
  createFileRoots,
  createSourceSupervisor,
  freshHealth,
  parseSourceConfig,
  SOURCE_ADAPTERS,
  type BlobWriter,
  type FileRoots,
  type MediaFetchRequester,
  type SourceHealth,
  type SourceKind,
  type SourceSupervisor,
} from './sources/index.js';

// The slice: its running parts, its handler table and its webhook route.
export { startPipeline, type PipelineParts } from './pipeline-wiring.js';
export { pipelineHandlers } from './handlers.js';
export type { PipelineHandlerDeps } from './handlers/handler-deps.js';
export { createWebhookIngest, type AuthorizedSource, type WebhookIngest } from './ingest/webhook-ingest.js';
export { webhookIngestRoutes } from './ingest/ingest-route.js';
