import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { formatMigrationStatus } from './migration-table.js';

interface MigrateFlags {
  dataDir?: string;
  steps?: number;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more.');
  return n;
}

/** The data folder and the store's migration functions, loaded when a migrate command runs. */
async function prepare(flags: MigrateFlags) {
  const [{ loadConfig }, store] = await Promise.all([import('../core/index.js'), import('../store/index.js')]);
  const dataDir = loadConfig({ overrides: flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {} }).dataDir;
  return { dataDir, ...store };
}

/** `outpost migrate status|up|down`: every change is backed up first by the store. */
export function addMigrateCommand(program: Command): void {
  const migrate = program.command('migrate').description('Show, apply or revert database migrations.');

  migrate
    .command('status')
    .description('Show the schema version and the applied and pending migrations.')
    .option('--data-dir <dir>', 'folder of the database')
    .action(async (flags: MigrateFlags) => {
      const { dataDir, migrationStatus } = await prepare(flags);
      process.stdout.write(formatMigrationStatus(migrationStatus(dataDir)));
    });

  migrate
    .command('up')
    .description('Apply every pending migration (after a backup).')
    .option('--data-dir <dir>', 'folder of the database')
    .action(async (flags: MigrateFlags) => {
      const { dataDir, migrationStatus, migrateUp } = await prepare(flags);
      const before = migrationStatus(dataDir).current;
      const after = await migrateUp(dataDir, { log: (m) => process.stderr.write(`${m}\n`) });
      process.stdout.write(`Migrated up from schema ${before} to ${after.current}.\n\n${formatMigrationStatus(after)}`);
    });

  migrate
    .command('down')
    .description('Revert the newest migrations (after a backup). Data held only by them is lost.')
    .option('--data-dir <dir>', 'folder of the database')
    .option('--steps <n>', 'how many migrations to revert', positiveInteger, 1)
    .action(async (flags: MigrateFlags) => {
      const { dataDir, migrationStatus, migrateDown } = await prepare(flags);
      const before = migrationStatus(dataDir).current;
      const after = await migrateDown(dataDir, {
        steps: flags.steps ?? 1,
        log: (m) => process.stderr.write(`${m}\n`),
      });
      process.stdout.write(
        `Migrated down from schema ${before} to ${after.current}.\n\n${formatMigrationStatus(after)}`,
      );
    });
}
