import { InvalidArgumentError, type Command } from 'commander';
import { VERSION } from '../version/index.js';

export interface TunnelHelperFlags {
  socket?: string;
  group?: string;
  prefix: string;
  netns?: string;
}

/**
 * The defaults as `--help` shows them, written out so that help loads none of the helper;
 * runTunnelHelper applies the helper's own constants, and the CLI test checks the two agree.
 */
export const HELPER_DEFAULTS_HELP = { socket: '/run/outpost/tunnel-helper.sock', group: 'outpost-tunnels' };

function absolute(value: string): string {
  if (!value.startsWith('/')) throw new InvalidArgumentError('must be an absolute path.');
  return value;
}

function prefix(value: string): string {
  if (!/^[A-Za-z0-9_=+.-]{1,10}$/.test(value))
    throw new InvalidArgumentError('must be 1 to 10 letters, digits or _ = + . -');
  return value;
}

function namespace(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) throw new InvalidArgumentError('must be a namespace name.');
  return value;
}

/**
 * `outpost tunnel-helper`: the privileged tunnel helper, run as root by its systemd unit
 * (packaging/linux/outpost-tunnel-helper.service). A subcommand of the one program rather than a
 * separate entry, so the helper and the app it serves are always the same installed version and
 * speak the same protocol; it loads none of the Core (no store, no server), only native/wireguard and
 * the helper, and those only when it runs.
 */
export function addTunnelHelperCommand(program: Command): void {
  program
    .command('tunnel-helper')
    .description('run the privileged tunnel helper (as root) that configures WireGuard for the desktop app')
    .option('--socket <path>', `the Unix socket to listen on (default: "${HELPER_DEFAULTS_HELP.socket}")`, absolute)
    .option(
      '--group <name|gid>',
      `the group whose members may manage tunnels (the socket is root:<group> 0660) (default: "${HELPER_DEFAULTS_HELP.group}")`,
    )
    .option('--prefix <text>', 'the only interface names the helper touches start with this', prefix, 'op')
    .option('--netns <name>', "network namespace the interfaces live in (default: the host's)", namespace)
    .action(async (flags: TunnelHelperFlags) => {
      await runTunnelHelper(flags);
    });
}

export async function runTunnelHelper(flags: TunnelHelperFlags): Promise<void> {
  const [{ default: pino }, { createWireguardHost, hasNetAdmin }, helperModule] = await Promise.all([
    import('pino'),
    import('../../native/wireguard/index.js'),
    import('../tunnel-helper/index.js'),
  ]);
  const { DEFAULT_HELPER_GROUP, DEFAULT_HELPER_SOCKET, groupId, startTunnelHelper } = helperModule;
  if (!hasNetAdmin()) {
    throw new Error('The tunnel helper needs CAP_NET_ADMIN: run it as root (its systemd unit does).');
  }
  const gid = groupId(flags.group ?? DEFAULT_HELPER_GROUP);
  const log = pino({ base: { app: 'outpost-tunnel-helper' } });
  const helper = await startTunnelHelper({
    socketPath: flags.socket ?? DEFAULT_HELPER_SOCKET,
    gid,
    prefix: flags.prefix,
    host: createWireguardHost({ netns: flags.netns }),
    version: VERSION,
    log,
  });
  // On stop, the wireguard-go devices the helper started go with it (their interfaces too); with the
  // socket closed nothing is left to keep the process alive.
  const stop = (signal: string) => {
    log.info({ signal }, 'Tunnel helper stopping');
    void helper.close();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
