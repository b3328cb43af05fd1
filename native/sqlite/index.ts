export {
  openDatabase,
  sqliteVersions,
  type Database,
  type Statement,
  type OpenDatabaseOptions,
} from './open-database.js';
