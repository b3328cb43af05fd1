import type { SourceAdapter, SourceKind } from './source-types.js';
import { postgresAdapter } from './postgres/index.js';
import { syslogAdapter } from './syslog/index.js';
import { folderSource } from './folder/index.js';
import { logfileSource } from './logfile/index.js';
import { mqttSource } from './mqtt/index.js';
import { webhookAdapter } from './webhook/index.js';

/**
 * Every source kind Outpost can run, by kind. The supervisor, config validation and the
 * Settings "test" button all look adapters up here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own config type
export const SOURCE_ADAPTERS: Partial<Record<SourceKind, SourceAdapter<any>>> = {
  webhook: webhookAdapter,
  mqtt: mqttSource,
  folder: folderSource,
  logfile: logfileSource,
  syslog: syslogAdapter,
  postgres: postgresAdapter,
};
