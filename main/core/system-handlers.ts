import type { HealthReport, systemMethods } from '../contract/index.js';
import type { Store } from '../store/index.js';
import type { Config } from './config.js';
import type { HandlerTable } from './slice-kit/index.js';
import { VERSION } from '../version/index.js';

/** Shared by the `system.health` method and `/healthz`. */
export function healthReport(store: Store, embedder: HealthReport['embedder']): HealthReport {
  const versions = store.versions();
  return {
    status: 'ok',
    version: VERSION,
    sqlite: versions.sqlite,
    sqliteVec: versions.sqliteVec,
    embedder,
  };
}

/** What system.health and system.info report from. */
export interface SystemHandlerDeps {
  store: Store;
  config: Pick<Config, 'role'>;
  startedAt: number;
  /** Which embedder runs, for health reports. */
  embedderKind: HealthReport['embedder'];
}

export function systemHandlers({ store, config, startedAt, embedderKind }: SystemHandlerDeps) {
  return {
    'system.health': () => healthReport(store, embedderKind),
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
