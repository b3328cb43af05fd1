import { WireguardToolError } from './command-runner.js';

/**
 * Addresses and routes of one interface, made to match a wanted list by adding what is missing and
 * deleting what is extra (never flushing), so a change never interrupts traffic on the rest. A
 * route another interface holds is refused, never taken over (`ip route replace` would move it,
 * cutting whatever used it, a LAN or another tunnel).
 */

type Run = (tool: string, args: readonly string[]) => Promise<string>;

interface IpAddrInfo {
  family: string;
  local: string;
  prefixlen: number;
  scope?: string;
}
interface IpRoute {
  dst: string;
  dev?: string;
  protocol?: string;
}

/** `10.0.0.1/32` and `10.0.0.1` are the same host; compare in one form. */
function normalise(cidr: string): string {
  if (cidr.includes('/')) return cidr.toLowerCase();
  return `${cidr.toLowerCase()}/${cidr.includes(':') ? 128 : 32}`;
}

export async function syncAddresses(run: Run, name: string, wanted: readonly string[]): Promise<void> {
  const [link] = JSON.parse((await run('ip', ['-j', 'address', 'show', 'dev', name])) || '[]') as {
    addr_info?: IpAddrInfo[];
  }[];
  const current = (link?.addr_info ?? [])
    .filter((a) => a.scope !== 'link')
    .map((a) => normalise(`${a.local}/${a.prefixlen}`));
  const want = wanted.map(normalise);
  const hostOf = (cidr: string) => cidr.split('/')[0];
  const gone: string[] = [];
  for (const cidr of want) {
    if (current.includes(cidr)) continue;
    // A new prefix for an address this device has (a hub's second device after a key rotation):
    // IPv4 takes both for a moment, so the old one goes after; IPv6 holds one prefix per address
    // on a device, so the old one goes first.
    if (cidr.includes(':')) {
      for (const old of current.filter((c) => hostOf(c) === hostOf(cidr) && !want.includes(c))) {
        await run('ip', ['address', 'del', old, 'dev', name]);
        gone.push(old);
      }
    }
    await run('ip', ['address', 'add', cidr, 'dev', name]);
  }
  for (const cidr of current) {
    if (!want.includes(cidr) && !gone.includes(cidr)) await run('ip', ['address', 'del', cidr, 'dev', name]);
  }
}

async function routesOf(run: Run, family: '-4' | '-6', name: string): Promise<string[]> {
  const routes = JSON.parse((await run('ip', [family, '-j', 'route', 'show', 'dev', name])) || '[]') as IpRoute[];
  // Connected and link-local routes are the kernel's; only ours (proto boot) are managed here.
  return routes.filter((r) => r.protocol !== 'kernel' && r.dst !== 'default').map((r) => normalise(r.dst));
}

export async function syncRoutes(run: Run, name: string, wanted: readonly string[]): Promise<void> {
  const current = [...(await routesOf(run, '-4', name)), ...(await routesOf(run, '-6', name))];
  const want = wanted.map(normalise);
  for (const cidr of want) {
    if (current.includes(cidr)) continue;
    const family = cidr.includes(':') ? '-6' : '-4';
    const held = JSON.parse((await run('ip', [family, '-j', 'route', 'show', 'exact', cidr])) || '[]') as IpRoute[];
    const owner = held.find((r) => r.dev !== undefined && r.dev !== name)?.dev;
    if (owner) {
      throw new WireguardToolError(
        `The route to ${cidr} belongs to interface ${owner}, and Outpost does not take over another interface's route: remove that route or give ${name} other addresses.`,
        '',
        'failed',
      );
    }
    await run('ip', ['route', 'add', cidr, 'dev', name]);
  }
  for (const cidr of current) if (!want.includes(cidr)) await run('ip', ['route', 'del', cidr, 'dev', name]);
}
