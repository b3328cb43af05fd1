import { Command, CommanderError } from 'commander';
import { VERSION } from '../version/index.js';
import { EXIT_USAGE } from './exit-status.js';
import { PROCESS_IO, type CliIo } from './cli-io.js';
import { addMigrateCommand } from './migrate-command.js';
import { addServeCommand } from './serve-command.js';
import { addDemoCommand } from './demo-command.js';
import { addTenantCommand } from './tenant-command.js';
import { addUserCommand } from './user-command.js';
import { addTunnelHelperCommand } from './tunnel-helper-command.js';

export function buildProgram(io: CliIo = PROCESS_IO): Command {
  const program = new Command('outpost')
    .description('Outpost: sites, events, media, tunnels and sync, from one program.')
    .version(VERSION)
    .showHelpAfterError()
    // Commander would exit 1 on a usage error; 2 is the convention for "fix the command line".
    .exitOverride();
  addServeCommand(program);
  addDemoCommand(program);
  addMigrateCommand(program);
  addUserCommand(program, io);
  addTenantCommand(program, io);
  addTunnelHelperCommand(program);
  return program;
}

/**
 * Runs the command line; resolves with the exit status (`serve` resolves once listening, and keeps running).
 * Building the program loads only commander and the command definitions: each command imports what it
 * runs (the Core, the store, the tunnel helper) when it runs, so `--help` and the root `tunnel-helper`
 * start without the Core's modules.
 */
export async function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    // A command failed: its own modules (the Core's error types among them) are loaded already.
    const { reportFailure } = await import('./report-failure.js');
    return reportFailure(err);
  }
}
