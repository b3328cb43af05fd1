export type MigrationProblem =
  'newer-database' | 'checksum-mismatch' | 'migrations-pending' | 'invalid-request' | 'foreign-key-violation';

/** Why the database cannot be used or migrated as asked. The message tells the user what to do. */
export class MigrationError extends Error {
  readonly problem: MigrationProblem;

  constructor(problem: MigrationProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
    this.problem = problem;
  }
}
