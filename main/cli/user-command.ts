import type { Command } from 'commander';
import type { Role } from '../contract/index.js';
import type { CliIo } from './cli-io.js';
import { readFirstLine } from './read-first-line.js';

interface UserAddFlags {
  email: string;
  role: string;
  passwordStdin?: boolean;
  name?: string;
  tenant?: string;
  installationAdmin?: boolean;
  dataDir?: string;
}

/**
 * The roles named in `--help`, written out so that help loads no contract (cli.test checks them
 * against the contract's ROLES); an unknown role is refused by addUser's schema with the real list.
 */
export const ROLE_HELP = 'viewer, operator, technician, admin';

/** `outpost user add`: how the first admin of an installation comes to exist. */
export function addUserCommand(program: Command, io: CliIo): void {
  const user = program.command('user').description('Manage local users.');

  user
    .command('add')
    .description('Create a user. The password is read from the first line of stdin, never from the command line.')
    .requiredOption('--email <email>', 'the sign-in email')
    .requiredOption('--role <role>', `one of: ${ROLE_HELP}`)
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--name <name>', 'display name')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant); create tenants with `outpost tenant add`')
    .option(
      '--installation-admin',
      'may manage tenants (tenants.* methods), nothing more; the first admin of an installation always is one',
    )
    .option('--data-dir <dir>', 'folder of the database')
    .action(async (flags: UserAddFlags) => {
      const [{ OutpostError }, { addUser, loadConfig }] = await Promise.all([
        import('../contract/index.js'),
        import('../core/index.js'),
      ]);
      if (!flags.passwordStdin) {
        // Passwords on the command line end up in shell history and `ps`.
        throw new OutpostError(
          'invalid_input',
          'Give the password on stdin with --password-stdin, e.g. `printf "%s\\n" "$PASSWORD" | outpost user add ... --password-stdin`.',
          { issues: [{ path: 'password', message: 'is required on stdin (--password-stdin)' }] },
        );
      }
      const config = loadConfig({ overrides: flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {} });
      const password = await readFirstLine(io.stdin);
      const created = await addUser({
        config,
        email: flags.email,
        // An unknown role is rejected by addUser's schema with the list of roles.
        role: flags.role as Role,
        password,
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.tenant !== undefined ? { tenantSlug: flags.tenant } : {}),
        ...(flags.installationAdmin ? { installationAdmin: true } : {}),
      });
      const flag = created.installationAdmin ? ', installation admin' : '';
      io.stdout(`Created user ${created.id} ${created.email} (${created.role}${flag})\n`);
    });
}
