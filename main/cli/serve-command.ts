import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CreateCoreOptions, Core } from '../core/index.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return n;
}

/** Repeatable flags collect their values in order. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export interface ServeFlags {
  port?: number;
  host?: string;
  dataDir?: string;
  role?: string;
  allowOutbound?: string[];
  allowRead?: string[];
}

/** Repeatable `--allow-read DIR`, resolved against the working directory as a shell user expects. */
const collectFolder = (value: string, previous: string[] = []): string[] => [...previous, resolve(value)];

/** The flags `serve` and `demo` share. */
export function addServeOptions(command: Command): Command {
  return command
    .option('--port <n>', 'port to listen on; 0 picks a free one (default 4870)', port)
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--data-dir <dir>', 'folder of the database, keys and blobs')
    .addOption(
      new Option('--role <role>', 'site (a workstation or edge box) or hub (the central server)').choices([
        'site',
        'hub',
      ]),
    )
    .option(
      '--allow-outbound <cidr>',
      'let outgoing requests (status integrations, webhooks) reach this range, e.g. 10.20.0.0/16; repeatable (replaces outbound.allow)',
      collect,
    )
    .option(
      '--allow-read <dir>',
      'a folder file-reading sources (log files, drop folders) may read below; repeat for more. Replaces files.allowRead of the config file',
      collectFolder,
    );
}

/**
 * Starts the Core and its HTTP server from the flags, and prints where to open it: the address,
 * and, on an installation without a user yet, that the browser offers to create the first admin.
 */
export async function startServing(
  flags: ServeFlags,
  options: Pick<CreateCoreOptions, 'sample'> = {},
): Promise<{ core: Core; url: string }> {
  // Loaded here, not at the top: `outpost --help` and the other commands need none of it.
  const [{ createCore, createLogger, loadConfig }, { installShutdown, startServer }] = await Promise.all([
    import('../core/index.js'),
    import('../server/index.js'),
  ]);
  // Only the flags given: an absent flag must not shadow (or take the blame for) an env or file setting.
  const server = {
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host !== undefined ? { host: flags.host } : {}),
  };
  const config = loadConfig({
    overrides: {
      ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
      ...(flags.role !== undefined ? { role: flags.role } : {}),
      ...(Object.keys(server).length > 0 ? { server } : {}),
      ...(flags.allowOutbound !== undefined ? { outbound: { allow: flags.allowOutbound } } : {}),
      ...(flags.allowRead !== undefined ? { files: { allowRead: flags.allowRead } } : {}),
    },
  });
  const logger = createLogger(config);
  const core = await createCore({ config, logger, ...options });
  let running;
  try {
    running = await startServer(core, { logger });
  } catch (err) {
    await core.close();
    throw err;
  }
  process.stdout.write(`Outpost listening on ${running.url}\n`);
  const firstRun = (await core.call('auth.firstRun', {}, { transport: 'cli', address: 'cli' })) as { needed: boolean };
  process.stdout.write(
    firstRun.needed
      ? `Open ${running.url} in a browser to create the first admin.\n`
      : `Open ${running.url} in a browser to sign in.\n`,
  );
  installShutdown(running.server, core, logger);
  return { core, url: running.url };
}

/** `outpost serve`: the Core plus its HTTP server, in plain Node (edge boxes, the hub, CI). */
export function addServeCommand(program: Command): void {
  addServeOptions(
    program.command('serve').description('Run Outpost headless: the API, live events and the web UI over HTTP.'),
  ).action(async (flags: ServeFlags) => {
    await startServing(flags);
  });
}
