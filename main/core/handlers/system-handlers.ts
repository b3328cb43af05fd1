import type { HealthReport, systemMethods } from '../../contract/index.js';
import type { Store } from '../../store/index.js';
import type { HandlerDeps, HandlerTable } from '../handler-types.js';
import { VERSION } from '../version.js';

/** Shared by the `system.health` method and `/healthz`. */
export function healthReport(store: Store): HealthReport {
  const versions = store.versions();
  // No embedder runs yet; the pipeline will report 'onnx' once a model is loaded.
  return {
    status: 'ok',
    version: VERSION,
    sqlite: versions.sqlite,
    sqliteVec: versions.sqliteVec,
    embedder: 'hashed-ngram',
  };
}

export function systemHandlers({ store, config, startedAt }: HandlerDeps) {
  return {
    'system.health': () => healthReport(store),
    'system.info': () => ({
      version: VERSION,
      role: config.role,
      node: process.version,
      platform: process.platform,
      schemaVersion: store.versions().schema,
      startedAt,
    }),
  } satisfies Pick<HandlerTable, keyof typeof systemMethods>;
}
