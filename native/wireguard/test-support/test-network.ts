import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Network namespaces for tests and benchmarks: unique names (with "wg" and the pid), veth links
 * with addresses in 192.0.2.0/24 (TEST-NET-1), and a cleanup that deletes everything created and
 * stops, by pid, only the processes started here, even after a failure.
 */

const RUN_ID = `${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;

function sh(args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why namespaces cannot be used here, or null when they can. */
export function namespacesUnavailable(): string | null {
  const probe = `wgprobe${RUN_ID}`;
  try {
    sh(['ip', 'netns', 'add', probe]);
  } catch (err) {
    return `cannot create network namespaces (${String((err as Error).message).split('\n')[0]})`;
  }
  try {
    sh(['ip', 'netns', 'del', probe]);
    for (const tool of ['wg', 'wireguard-go', 'nft']) {
      try {
        sh(['which', tool]);
      } catch {
        return `${tool} is not installed (apt-get install -y wireguard-tools wireguard-go nftables)`;
      }
    }
  } catch (err) {
    return String(err);
  }
  return null;
}

export interface TestNetwork {
  /** Creates a namespace `wg<role><run id>` with loopback up. */
  namespace(role: string): string;
  /** A veth pair between two namespaces (or the root one, with `null`), each end addressed and up. */
  link(a: { ns: string | null; address: string }, b: { ns: string | null; address: string }): void;
  /** A unique interface name (≤ 15 characters) for this run. */
  ifname(role: string): string;
  exec(ns: string, args: string[]): string;
  /** Starts a process inside a namespace; it is killed by pid on cleanup. */
  spawnIn(ns: string, command: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess;
  cleanup(): Promise<void>;
}

/**
 * wireguard-go processes for this run's interface names still alive (their parent was killed
 * before it could stop them), by pid; they outlive a deleted namespace otherwise.
 */
function strayUserspaceDevices(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('wireguard-go') && argv.some((a) => a.startsWith('wg') && a.includes(RUN_ID))) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

export function createTestNetwork(): TestNetwork {
  const namespaces: string[] = [];
  const rootLinks: string[] = [];
  const children: ChildProcess[] = [];
  let links = 0;
  return {
    namespace(role) {
      const name = `wg${role}${RUN_ID}`;
      sh(['ip', 'netns', 'add', name]);
      namespaces.push(name);
      sh(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
      return name;
    },
    link(a, b) {
      links += 1;
      const ea = `va${links}${RUN_ID}`.slice(0, 15);
      const eb = `vb${links}${RUN_ID}`.slice(0, 15);
      sh([
        'ip',
        'link',
        'add',
        ea,
        ...(a.ns ? ['netns', a.ns] : []),
        'type',
        'veth',
        'peer',
        'name',
        eb,
        ...(b.ns ? ['netns', b.ns] : []),
      ]);
      if (!a.ns) rootLinks.push(ea);
      if (!b.ns) rootLinks.push(eb);
      for (const [end, side] of [
        [ea, a],
        [eb, b],
      ] as const) {
        const ns = side.ns ? ['-n', side.ns] : [];
        sh(['ip', ...ns, 'address', 'add', side.address, 'dev', end]);
        sh(['ip', ...ns, 'link', 'set', end, 'up']);
      }
    },
    ifname(role) {
      return `wg${role}${RUN_ID}`.slice(0, 15);
    },
    exec(ns, args) {
      return sh(['ip', 'netns', 'exec', ns, ...args]);
    },
    spawnIn(ns, command, args, env) {
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      });
      children.push(child);
      return child;
    },
    async cleanup() {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
      }
      for (const pid of strayUserspaceDevices()) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // Gone already.
        }
      }
      for (const link of rootLinks) {
        try {
          sh(['ip', 'link', 'del', link]);
        } catch {
          // Gone with its peer end's namespace.
        }
      }
      for (const ns of namespaces.reverse()) {
        try {
          sh(['ip', 'netns', 'del', ns]);
        } catch {
          // Already deleted.
        }
      }
    },
  };
}
