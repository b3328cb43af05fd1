export { logfileSource } from './logfile-adapter.js';
export { LogfileConfigSchema, type LogfileConfig } from './logfile-config.js';
