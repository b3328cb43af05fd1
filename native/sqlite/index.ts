export {
  openDatabase,
  sqliteVersions,
  type Database,
  type Statement,
  type OpenDatabaseOptions,
  type Durability,
} from './open-database.js';
export {
  timeBatch,
  timeStatements,
  statementName,
  type BatchTiming,
  type StatementTimingHooks,
} from './statement-timing.js';
