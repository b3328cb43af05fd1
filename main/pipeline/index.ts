/** The door of the event pipeline: the orchestrator, and what the Core needs of its parts. */
export * from './event-types.js';
export { createPipeline } from './pipeline.js';
export type { Pipeline, PipelineBus, PipelineConfig, PipelineOptions } from './pipeline-types.js';
export { createWebhookNotifier, type OutgoingWebhook, type WebhookNotifier } from './webhook-notifier.js';
export { createEmbedder, createHashedNgramEmbedder, findModelDir, type Embedder } from './embed/index.js';
export {
  createSourceSupervisor,
  freshHealth,
  parseSourceConfig,
  SOURCE_ADAPTERS,
  type BlobWriter,
  type MediaFetchRequester,
  type SourceHealth,
  type SourceKind,
  type SourceSupervisor,
} from './sources/index.js';
