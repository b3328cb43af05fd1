/** The door of the pipeline's sources: the supervisor, the adapters by kind, config validation. */
export * from './source-types.js';
export { SOURCE_ADAPTERS } from './adapters.js';
export { parseSourceConfig } from './source-config.js';
export { freshHealth } from './source-health.js';
export { assertMayManageSourceKind } from './source-access.js';
export { createFileRoots, FileAccessError, type FileRoots, type FileRootsOptions } from './file-roots.js';
export type { ResilienceOptions } from './source-policies.js';
export {
  createSourceSupervisor,
  type SourceSupervisor,
  type SupervisedSource,
  type SupervisorOptions,
} from './supervisor.js';
