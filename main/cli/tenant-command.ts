import type { Command } from 'commander';
import type { Tenant } from '../contract/index.js';
import type { CliIo } from './cli-io.js';

interface DataDirFlag {
  dataDir?: string;
}

/** The settings and the Core's tenant functions, loaded when a tenant command runs. */
async function prepare(flags: DataDirFlag) {
  const core = await import('../core/index.js');
  const config = core.loadConfig({ overrides: flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {} });
  return { config, ...core };
}

function line(tenant: Tenant): string {
  const state = tenant.disabledAt === null ? 'enabled' : `disabled since ${new Date(tenant.disabledAt).toISOString()}`;
  return `${tenant.slug}\t${tenant.name}\t${tenant.users} user${tenant.users === 1 ? '' : 's'}\t${state}`;
}

/** `outpost tenant add|list|disable|enable`: an installation's tenants, from its console. */
export function addTenantCommand(program: Command, io: CliIo): void {
  const tenant = program
    .command('tenant')
    .description("Manage the installation's tenants (each has its own users, sites, sources and data).");

  tenant
    .command('add')
    .description('Create a tenant. Add its first admin with `outpost user add --tenant SLUG --role admin …`.')
    .requiredOption('--slug <slug>', 'short name: lower-case letters, digits and dashes (people sign in with it)')
    .requiredOption('--name <name>', 'display name')
    .option('--data-dir <dir>', 'folder of the database')
    .action(async (flags: DataDirFlag & { slug: string; name: string }) => {
      const { config, addTenant } = await prepare(flags);
      const created = await addTenant(config, { slug: flags.slug, name: flags.name });
      io.stdout(`Created tenant ${created.slug} (${created.id})\n`);
    });

  tenant
    .command('list')
    .description('List tenants: slug, name, users, state (tab-separated), or JSON with --json.')
    .option('--json', 'print a JSON array')
    .option('--data-dir <dir>', 'folder of the database')
    .action(async (flags: DataDirFlag & { json?: boolean }) => {
      const { config, listTenants } = await prepare(flags);
      const tenants = await listTenants(config);
      io.stdout(flags.json ? `${JSON.stringify(tenants, null, 2)}\n` : tenants.map((t) => `${line(t)}\n`).join(''));
    });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    tenant
      .command(`${verb} <slug>`)
      .description(
        disabled
          ? "Disable a tenant: its users' sessions end and they cannot sign in; nothing is deleted."
          : 'Enable a disabled tenant again.',
      )
      .option('--data-dir <dir>', 'folder of the database')
      .action(async (slug: string, flags: DataDirFlag) => {
        const { config, setTenantDisabled } = await prepare(flags);
        const changed = await setTenantDisabled(config, slug, disabled);
        io.stdout(`${line(changed)}\n`);
      });
  }
}
