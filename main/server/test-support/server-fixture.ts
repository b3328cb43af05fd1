import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { addUser, createCore, createLogger, loadConfig, type Core } from '../../core/index.js';
import { openStore } from '../../store/index.js';
import { startServer, type RunningServer } from '../index.js';

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };
export const VIEWER = { email: 'viewer@example.com', password: 'viewer-password-123' };
/** The admin of a second tenant (`globex`), when the fixture is asked for one. */
export const OTHER_ADMIN = { tenant: 'globex', email: 'admin@globex.example', password: 'another-long-password' };
export const BODY_LIMIT = 4096;
export const EXPECTED_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;connect-src 'self';" +
  "font-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'";

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export function configFor(dir: string, extra: Record<string, unknown> = {}) {
  return loadConfig({
    env: {},
    overrides: { dataDir: dir, server: { port: 0, bodyLimitBytes: BODY_LIMIT }, log: { level: 'silent' }, ...extra },
  });
}

/** A real Core and server on a free loopback port, with an admin and a viewer signed in. */
export interface ServerFixture {
  dataDir: string;
  core: Core;
  server: RunningServer;
  adminToken: string;
  viewerToken: string;
  /** The second tenant's admin (only with `otherTenant: true`). */
  otherToken: string;
  /** Run last in, first out after the file's tests, even when one fails. */
  cleanups: Array<() => Promise<void>>;
  rpc(method: string, input?: unknown, token?: string, base?: string): Promise<Answer>;
  login(who: { tenant?: string; email: string; password: string }, base?: string): Promise<string>;
}

export interface ServerFixtureOptions {
  /** Config overrides beside the fixture's own (rate limits, sitemap limits…); `server` is merged. */
  config?: Record<string, unknown>;
  /** Also create a second tenant with an admin of its own, signed in as `otherToken`. */
  otherTenant?: boolean;
  /** SSE heartbeat interval (the server's default is 15 s). */
  heartbeatMs?: number;
}

/** Registers the file's beforeAll/afterAll; the fields are filled in before the first test runs. */
export function useServerFixture(options: ServerFixtureOptions = {}): ServerFixture {
  const fx = { cleanups: [] as Array<() => Promise<void>> } as ServerFixture;
  fx.rpc = (method, input, token, base = fx.server.url) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(`${base}/api/rpc/${method}`, {
      method: 'POST',
      headers,
      body: input === undefined ? '' : JSON.stringify(input),
    }).then(answer);
  };
  fx.login = async (who, base) => {
    const result = await fx.rpc('auth.login', who, undefined, base);
    expect(result.status).toBe(200);
    return result.body.token as string;
  };

  beforeAll(async () => {
    fx.dataDir = await mkdtemp(join(tmpdir(), 'outpost-server-'));
    fx.cleanups.push(() => rm(fx.dataDir, { recursive: true, force: true }));
    const { server, ...extra } = options.config ?? {};
    const config = configFor(fx.dataDir, {
      ...extra,
      server: { port: 0, bodyLimitBytes: BODY_LIMIT, ...(server as object | undefined) },
    });
    if (options.otherTenant) {
      const setup = await openStore({ dataDir: fx.dataDir, migrate: 'auto' });
      setup.tenants.ensureDefault();
      setup.tenants.create({ slug: 'globex', name: 'Globex' });
      setup.close();
      const { tenant, ...otherAdmin } = OTHER_ADMIN;
      await addUser({ config, ...otherAdmin, role: 'admin', tenantSlug: tenant });
    }
    await addUser({ config, ...ADMIN, role: 'admin' });
    const logger = createLogger(config);
    fx.core = await createCore({ config, logger });
    fx.cleanups.push(() => fx.core.close());
    fx.server = await startServer(fx.core, {
      logger,
      rendererDir: join(fx.dataDir, 'no-renderer-here'),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    });
    fx.cleanups.push(() => fx.server.close());

    fx.adminToken = await fx.login(ADMIN);
    const created = await fx.rpc('users.create', { ...VIEWER, role: 'viewer' }, fx.adminToken);
    expect(created.status).toBe(200);
    fx.viewerToken = await fx.login(VIEWER);
    if (options.otherTenant) fx.otherToken = await fx.login(OTHER_ADMIN);
  });

  afterAll(async () => {
    const errors: unknown[] = [];
    for (const cleanup of fx.cleanups.reverse()) await cleanup().catch((err: unknown) => errors.push(err));
    if (errors.length) throw errors[0];
  });

  return fx;
}
