import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, startOutpost, type OutpostServer } from '../../e2e/support/outpost-server.js';
import { rpc } from './webhook-source.js';

/*
 * A hub and enrolled sites as `outpost serve` processes on loopback, for the sync benchmarks: each
 * on a folder of its own that survives a restart (a backlog is written into a stopped site's store).
 */

export const HUB_ENV = { OUTPOST_SYNC_LISTEN_ON: '127.0.0.0/8', OUTPOST_LOG_LEVEL: 'warn' };
export const SITE_ENV = {
  OUTPOST_OUTBOUND_ALLOW: '127.0.0.0/8',
  OUTPOST_SYNC_KEEP_ACKED_DAYS: '0',
  OUTPOST_LOG_LEVEL: 'warn',
};

export interface Node {
  dir: string;
  server: OutpostServer;
  token: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const folders: string[] = [];

export async function startNode(role: 'hub' | 'site', env: Record<string, string> = {}): Promise<Node> {
  const dir = await mkdtemp(join(tmpdir(), `outpost-bench-sync-${role}-`));
  folders.push(dir);
  const serve = (first: boolean) =>
    startOutpost({
      dataDir: dir,
      createAdmin: first,
      extraArgs: role === 'hub' ? ['--role', 'hub'] : [],
      env: { ...(role === 'hub' ? HUB_ENV : SITE_ENV), ...env },
    });
  const signIn = async (server: OutpostServer) =>
    ((await rpc(server, 'auth.login', { email: ADMIN.email, password: ADMIN.password })) as { token: string }).token;
  const server = await serve(true);
  const node: Node = {
    dir,
    server,
    token: await signIn(server),
    async start() {
      node.server = await serve(false);
      node.token = await signIn(node.server);
    },
    stop: () => node.server.stop(),
  };
  return node;
}

/** Creates a site on `site` and enrols it with `hub`; resolves with the hub's id for it. */
export async function enrol(hub: Node, site: Node, name: string): Promise<string> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await rpc(site.server, 'sites.create', { name, slug }, site.token);
  const made = (await rpc(hub.server, 'sync.createEnrolment', { siteName: name }, hub.token)) as { code: string };
  const status = (await rpc(site.server, 'sync.enrol', { hubUrl: hub.server.url, code: made.code }, site.token)) as {
    state: string;
    hubSiteId: string;
    lastError: string | null;
  };
  if (status.state !== 'synced') throw new Error(`Enrolment of ${name} ended ${status.state}: ${status.lastError}`);
  return status.hubSiteId;
}

export async function outboxOf(site: Node): Promise<{ state: string; records: number }> {
  const status = (await rpc(site.server, 'sync.status', {}, site.token)) as {
    state: string;
    outbox: { records: number };
  };
  return { state: status.state, records: status.outbox.records };
}

export async function removeFolders(): Promise<void> {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
}
