/** Real SQLite stores on temp folders for tests: two tenants, and pipeline rows. */
export * from './two-tenant-store.js';
export * from './pipeline-test-fixtures.js';
