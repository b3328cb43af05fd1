import { OutpostError } from '../contract/index.js';
import { ConfigError } from '../core/index.js';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-status.js';

/** Prints what went wrong for a person at a terminal (no stack trace) and says which exit status to use. */
export function reportFailure(err: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  if (err instanceof ConfigError) {
    write(`${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof OutpostError) {
    if (err.code === 'invalid_input' && err.issues?.length) {
      write('Invalid input; fix these and run the command again:\n');
      for (const issue of err.issues) write(`  ${issue.path || '(input)'}: ${issue.message}\n`);
    } else {
      write(`${err.message}\n`);
    }
    return err.code === 'invalid_input' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`outpost: ${message}\n`);
  return EXIT_FAILURE;
}
