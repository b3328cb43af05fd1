import { InvalidArgumentError, type Command } from 'commander';
import { addServeOptions, startServing, type ServeFlags } from './serve-command.js';

function minutes(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 60)
    throw new InvalidArgumentError('must be a number of minutes from 1 to 60.');
  return n;
}

/**
 * `outpost demo`: `serve` with the sample site loaded into the default organisation (once; a second
 * run keeps the one it has), sending events for a few minutes. Remove it in the app in one click
 * (Home or Settings → Sites), or with `sample.remove`.
 */
export function addDemoCommand(program: Command): void {
  addServeOptions(
    program
      .command('demo')
      .description('Run Outpost with the sample site loaded (sample data, removable in one click), for a first look.'),
  )
    .option('--minutes <n>', 'how long the sample site sends events (default 5)', minutes, 5)
    .action(async (flags: ServeFlags & { minutes: number }) => {
      const { minutes: streaming, ...serve } = flags;
      await startServing(serve, { sample: { minutes: streaming } });
      process.stdout.write(
        `The sample site "Sample harbour depot" is loaded and sends events for ${streaming} minute${streaming === 1 ? '' : 's'}; remove it from Home or Settings → Sites.\n`,
      );
    });
}
