export {
  openDatabase,
  sqliteVersions,
  type Database,
  type Statement,
  type OpenDatabaseOptions,
} from './open-database.js';
export { timeStatements, statementName, type StatementTimingHooks } from './statement-timing.js';
