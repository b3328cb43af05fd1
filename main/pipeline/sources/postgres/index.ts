export { postgresAdapter } from './postgres-adapter.js';
export { PostgresConfigSchema, type PostgresConfig } from './postgres-config.js';
