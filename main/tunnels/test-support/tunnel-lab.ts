import { fileURLToPath } from 'node:url';
import type { TunnelInterface, TunnelPeer } from '../../contract/index.js';
import { ADMIN, startOutpost, type OutpostServer } from '../../../e2e/support/outpost-server.js';
import { createTestNetwork, type TestNetwork } from '../../../native/wireguard/test-support/index.js';
import { leaseAddressBlock } from './address-block.js';

/**
 * A hub and sites, each an `outpost serve` in a network namespace of its own:
 *
 *   root ──mgmt veths── hub, siteA, siteB       (the test's API calls; /30s in a leased block of 192.0.2.64+)
 *   hub 192.0.2.1 ── 192.0.2.2 siteA            (the "internet" the tunnels run over)
 *   hub 192.0.2.5 ── 192.0.2.6 siteB            (siteB reaches 192.0.2.1 through the hub's second link)
 *
 * Tunnel addresses come from 198.18.0.0/24. Everything is removed by `close`, also after a failure.
 */

const PROBE = fileURLToPath(new URL('./http-probe.mjs', import.meta.url));

export interface LabNode {
  name: 'hub' | 'siteA' | 'siteB';
  ns: string;
  ifname: string;
  server: OutpostServer;
  /** http://<mgmt address>:<port> */
  url: string;
  port: number;
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
}

async function api(url: string, token: string | undefined, method: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input ?? {}),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${method} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

export interface TunnelLab {
  net: TestNetwork;
  hub: LabNode;
  siteA: LabNode;
  siteB: LabNode;
  /** One GET from inside a namespace; true on a 2xx answer within `timeoutMs`. */
  reach(from: LabNode, url: string, timeoutMs?: number): Promise<boolean>;
  /** A GET every `intervalMs` from inside a namespace until `stop()`, which answers each request's time and outcome. */
  probe(
    from: LabNode,
    url: string,
    intervalMs: number,
  ): {
    /** Resolves at the first answered request (starting node in a namespace can take a while). */
    answered: Promise<void>;
    /** The answers so far. */
    answers(): { at: number; ok: boolean }[];
    stop(): Promise<{ at: number; ok: boolean }[]>;
  };
  /**
   * Enrols a site with the hub by a code (the hub runs `--role hub`): the site makes a site of
   * `siteName`, the hub an enrolment for it; answers the hub's id of the site.
   */
  enrol(site: LabNode, siteName: string, slug: string): Promise<{ hubSiteId: string; hubUrl: string | null }>;
  /** Creates the hub's interface (198.18.0.0/24, endpoint 192.0.2.1:51820) and brings it up. */
  createHub(): Promise<TunnelInterface>;
  /** One peer per site on the hub (made first unless given), each site importing the config it issued. */
  connectSites(
    hub?: TunnelInterface,
  ): Promise<{ hubIf: TunnelInterface; peers: Record<'siteA' | 'siteB', TunnelPeer> }>;
  close(): Promise<void>;
}

export interface TunnelLabOptions {
  sites?: ('siteA' | 'siteB')[];
  /** Put in the namespaces' names (e.g. the worktree's), so parallel labs are told apart. */
  tag?: string;
  /** More `serve` arguments for the hub (e.g. `--role hub`). */
  hubArgs?: string[];
  /** More environment for every node (e.g. `OUTPOST_OUTBOUND_ALLOW`). */
  env?: Record<string, string>;
}

export async function startTunnelLab(options: TunnelLabOptions = {}): Promise<TunnelLab> {
  const net = createTestNetwork();
  const nodes: LabNode[] = [];
  const sites = options.sites ?? ['siteA', 'siteB'];
  const block = leaseAddressBlock();
  try {
    const base = block.base;
    const tag = options.tag ?? '';
    const ns = {
      hub: net.namespace(`${tag}hub`),
      siteA: net.namespace(`${tag}sa`),
      ...(sites.includes('siteB') ? { siteB: net.namespace(`${tag}sb`) } : {}),
    } as Record<LabNode['name'], string>;
    const names = Object.keys(ns) as LabNode['name'][];
    const mgmt = new Map<LabNode['name'], string>();
    names.forEach((name, i) => {
      const root = `192.0.2.${base + i * 4 + 1}`;
      const inside = `192.0.2.${base + i * 4 + 2}`;
      net.link({ ns: null, address: `${root}/30` }, { ns: ns[name], address: `${inside}/30` });
      mgmt.set(name, inside);
    });
    net.link({ ns: ns.hub, address: '192.0.2.1/30' }, { ns: ns.siteA, address: '192.0.2.2/30' });
    if (ns.siteB) {
      net.link({ ns: ns.hub, address: '192.0.2.5/30' }, { ns: ns.siteB, address: '192.0.2.6/30' });
      net.exec(ns.siteB, ['ip', 'route', 'add', '192.0.2.1/32', 'via', '192.0.2.5']);
    }
    const ifnames = { hub: net.ifname('h'), siteA: net.ifname('a'), siteB: net.ifname('b') };
    const servers = await Promise.all(
      names.map((name) =>
        startOutpost({
          netns: ns[name],
          extraArgs: ['--host', '0.0.0.0', ...(name === 'hub' ? (options.hubArgs ?? []) : [])],
          env: { OUTPOST_LOG_LEVEL: 'warn', OUTPOST_TUNNELS_POLL_SECONDS: '1', ...options.env },
        }),
      ),
    );
    for (const [i, name] of names.entries()) {
      const server = servers[i]!;
      const port = Number(new URL(server.url).port);
      const url = `http://${mgmt.get(name)}:${port}`;
      const { token } = (await api(url, undefined, 'auth.login', ADMIN)) as { token: string };
      nodes.push({
        name,
        ns: ns[name],
        ifname: ifnames[name],
        server,
        url,
        port,
        call: <T>(method: string, input?: unknown) => api(url, token, method, input) as Promise<T>,
      });
    }
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.server.stop()));
    try {
      await net.cleanup();
    } finally {
      block.release();
    }
    throw err;
  }
  const byName = (name: LabNode['name']) => nodes.find((n) => n.name === name)!;
  const agents = new Map<
    string,
    { child: ReturnType<TestNetwork['spawnIn']>; waiting: Map<number, (ok: boolean) => void> }
  >();
  let requests = 0;
  const hub = byName('hub');

  const lab: TunnelLab = {
    net,
    hub,
    siteA: byName('siteA'),
    siteB: nodes.find((n) => n.name === 'siteB') ?? (undefined as never),
    reach(from, url, timeoutMs = 1500) {
      let agent = agents.get(from.ns);
      if (!agent) {
        const child = net.spawnIn(from.ns, process.execPath, [PROBE, 'agent']);
        const waiting = new Map<number, (ok: boolean) => void>();
        let text = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
          let newline;
          while ((newline = text.indexOf('\n')) >= 0) {
            const answer = JSON.parse(text.slice(0, newline)) as { id: number; ok: boolean };
            text = text.slice(newline + 1);
            waiting.get(answer.id)?.(answer.ok);
            waiting.delete(answer.id);
          }
        });
        agents.set(from.ns, (agent = { child, waiting }));
      }
      const id = (requests += 1);
      const { child, waiting } = agent;
      return new Promise<boolean>((resolve) => {
        waiting.set(id, resolve);
        child.stdin?.write(`${JSON.stringify({ id, url, timeoutMs })}\n`);
      });
    },
    probe(from, url, intervalMs) {
      const child = net.spawnIn(from.ns, process.execPath, [PROBE, url, String(intervalMs)]);
      let text = '';
      let firstOk: () => void = () => undefined;
      const answered = new Promise<void>((resolve) => (firstOk = resolve));
      const answers = () =>
        text
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as { at: number; ok: boolean });
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('"ok":true')) firstOk();
      });
      return {
        answered,
        answers,
        async stop() {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
          return answers();
        },
      };
    },
    async enrol(site, siteName, slug) {
      await site.call('sites.create', { name: siteName, slug });
      const { code } = await hub.call<{ code: string }>('sync.createEnrolment', { siteName });
      const enrolled = await site.call<{ hubSiteId: string; hubUrl: string | null }>('sync.enrol', {
        hubUrl: `http://192.0.2.1:${hub.port}`,
        code,
      });
      return { hubSiteId: enrolled.hubSiteId, hubUrl: enrolled.hubUrl };
    },
    async createHub() {
      const hubIf = await hub.call<TunnelInterface>('tunnels.createInterface', {
        name: hub.ifname,
        role: 'hub',
        poolV4: '198.18.0.0/24',
        poolV6: 'fd00:18::/64',
        listenPort: 51820,
        endpoint: '192.0.2.1:51820',
      });
      return hub.call<TunnelInterface>('tunnels.up', { id: hubIf.id });
    },
    async connectSites(given) {
      const hubIf = given ?? (await lab.createHub());
      const peers = {} as Record<'siteA' | 'siteB', TunnelPeer>;
      for (const site of nodes.filter((n) => n.name !== 'hub')) {
        const name = site.name as 'siteA' | 'siteB';
        peers[name] = await hub.call<TunnelPeer>('tunnels.addPeer', { interfaceId: hubIf.id, name });
        const { config } = await hub.call<{ config: string }>('tunnels.exportConfig', { peerId: peers[name].id });
        await site.call('tunnels.importConfig', { name: site.ifname, config });
      }
      return { hubIf, peers };
    },
    async close() {
      await Promise.allSettled(nodes.map((n) => n.server.stop()));
      try {
        await net.cleanup();
      } finally {
        block.release();
      }
    },
  };
  return lab;
}

/** Polls `check` every 100 ms until it answers something truthy, or fails after `ms`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The longest time between two successful answers of a probe (ms); how long traffic stood still. */
export function longestGap(answers: readonly { at: number; ok: boolean }[]): number {
  const ok = answers.filter((a) => a.ok);
  let gap = 0;
  for (let i = 1; i < ok.length; i++) gap = Math.max(gap, ok[i]!.at - ok[i - 1]!.at);
  return gap;
}

/**
 * A WireGuard private key in a log line: as a config line or a JSON field. (Not the bare word: a
 * slow-statement warning names the sealed column, `private_key AS sealedPrivateKey`.)
 */
export const PRIVATE_KEY_IN_LOG = /PrivateKey\s*=\s*[A-Za-z0-9+/]{43}=|privateKey"\s*:\s*"[A-Za-z0-9+/]{43}=/;
