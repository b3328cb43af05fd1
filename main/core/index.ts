export { createCore, type CreateCoreOptions } from './create-core.js';
export { addUser, type AddUserOptions } from './add-user.js';
export { loadConfig, ConfigError, ConfigSchema, CONFIG_FILE, defaultDataDir, envNames } from './config.js';
export type { Config, ConfigInput, LoadConfigOptions } from './config.js';
export { VERSION } from './version.js';
export { createLogger, REDACTED_KEYS, type Logger } from './logger.js';
export { createEventBus, type EventBus } from './event-bus.js';
export { mergeMethodTables, type MethodEntry, type MethodTable, type SliceTable } from './method-table.js';
export type { Core, CallContext, Session, TopicListener } from './core-types.js';
