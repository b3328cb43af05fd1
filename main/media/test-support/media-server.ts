import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addUser,
  createCore,
  createLogger,
  loadConfig,
  type Config,
  type ConfigInput,
  type Core,
} from '../../core/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { openStore } from '../../store/index.js';

export interface MediaServer {
  core: Core;
  config: Config;
  server: RunningServer;
  dataDir: string;
  /** A signed-in admin's bearer token (tenant `default`); `otherToken` is another tenant's admin. */
  token: string;
  otherToken: string;
  source: { id: string; token: string };
  rpc<T = unknown>(method: string, input: unknown, token?: string): Promise<T>;
  /** Posts an event with one file through the webhook; resolves to the HTTP answer. */
  post(kind: 'snapshot' | 'clip', file: Buffer, event?: Record<string, unknown>): Promise<Response>;
  /** Posts and returns the event with its media (ids, metadata). */
  postEvent(kind: 'snapshot' | 'clip', file: Buffer, event?: Record<string, unknown>): Promise<EventWithMedia>;
  close(): Promise<void>;
}

export interface EventWithMedia {
  id: string;
  media: {
    id: string;
    kind: string;
    size: number;
    sha256: string;
    contentType: string;
    thumbnailId?: string | null;
    state?: string;
    meta?: Record<string, number | string>;
  }[];
}

/** A Core and HTTP server on a free loopback port over a fresh data folder, for media tests. */
export async function startMediaServer(overrides: ConfigInput | Record<string, unknown> = {}): Promise<MediaServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-media-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      server: { port: 0 },
      log: { level: (process.env.OUTPOST_TEST_LOG ?? 'silent') as 'silent' },
      pipeline: { batch: { maxWaitMs: 5 }, media: { maxBytes: 100 * 1024 * 1024 } },
      // The Frigate stubs and S3 peers of the tests listen on loopback.
      outbound: { allow: ['127.0.0.0/8'] },
      ...overrides,
    } as ConfigInput,
  });
  const setup = await openStore({ dataDir, migrate: 'auto' });
  setup.tenants.ensureDefault();
  setup.tenants.create({ slug: 'globex', name: 'Globex' });
  setup.close();
  await addUser({ config, email: 'admin@example.com', password: 'correct-horse-battery', role: 'admin' });
  await addUser({
    config,
    email: 'admin@globex.example',
    password: 'correct-horse-battery',
    role: 'admin',
    tenantSlug: 'globex',
  });
  const logger = createLogger(config);
  const core = await createCore({ config, logger });
  const server = await startServer(core, { logger, rendererDir: join(dataDir, 'none') });

  async function rpc<T>(method: string, input: unknown, token?: string): Promise<T> {
    const response = await fetch(`${server.url}/api/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as T & { error?: { code: string; message: string } };
    if (!response.ok)
      throw Object.assign(new Error(body.error?.message ?? String(response.status)), { code: body.error?.code });
    return body;
  }
  const login = async (email: string, tenant?: string) =>
    (
      await rpc<{ token: string }>('auth.login', {
        email,
        password: 'correct-horse-battery',
        ...(tenant ? { tenant } : {}),
      })
    ).token;
  const token = await login('admin@example.com');
  const otherToken = await login('admin@globex.example', 'globex');
  const source = await rpc<{ id: string; token: string }>(
    'sources.create',
    { kind: 'webhook', name: 'Gate cameras', config: {} },
    token,
  );

  async function post(kind: 'snapshot' | 'clip', file: Buffer, event: Record<string, unknown> = {}): Promise<Response> {
    const form = new FormData();
    form.append(
      'event',
      JSON.stringify({ message: `${kind} from gate`, device: 'gate', label: 'person', kind: 'detection', ...event }),
    );
    form.append(kind, new Blob([new Uint8Array(file)]), kind === 'clip' ? 'clip.mp4' : 'snap.jpg');
    return fetch(`${server.url}/api/ingest/${source.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${source.token}` },
      body: form,
    });
  }

  return {
    core,
    config,
    server,
    dataDir,
    token,
    otherToken,
    source,
    rpc: (method, input, t = token) => rpc(method, input, t),
    post,
    async postEvent(kind, file, event) {
      const answer = await post(kind, file, event);
      const body = (await answer.json()) as { id: string; error?: { message: string } };
      if (answer.status !== 202) throw new Error(`ingest answered ${answer.status}: ${body.error?.message}`);
      return rpc<EventWithMedia>('events.get', { id: body.id }, token);
    },
    async close() {
      await server.close().catch(() => undefined);
      await core.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
