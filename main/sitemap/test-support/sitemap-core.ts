import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OutpostError,
  type LoginResult,
  type Role,
  type Site,
  type TopicName,
  type TopicPayload,
} from '../../contract/index.js';
import { openStore } from '../../store/index.js';
import type { SitemapRoutes } from '../routes.js';
import type { PublicSitemap } from '../public/public-sitemap-types.js';
import {
  addUser,
  createCore,
  createLogger,
  loadConfig,
  type CallContext,
  type Config,
  type Core,
} from '../../core/index.js';

/**
 * A real Core on a temp data folder for the site-map tests: tenant A with a viewer, a technician and
 * an admin signed in, tenant B with an admin, and helpers to call, expect failures and listen.
 */

export type Who = Extract<Role, 'viewer' | 'technician' | 'admin'> | 'otherAdmin';

const PASSWORD = 'site map password 123';
const EMAILS: Record<Who, string> = {
  viewer: 'viewer@a.example',
  technician: 'tech@a.example',
  admin: 'admin@a.example',
  otherAdmin: 'admin@b.example',
};

export interface Heard {
  topic: TopicName;
  payload: unknown;
}

export interface SitemapCore {
  core: Core;
  config: Config;
  dataDir: string;
  call<T = unknown>(method: string, input: unknown, who?: Who): Promise<T>;
  /** The OutpostError the call fails with (the test fails when it succeeds). */
  fail(method: string, input: unknown, who?: Who): Promise<OutpostError>;
  /** A new site of tenant A (or of tenant B for `otherAdmin`). */
  newSite(slug: string, who?: Who): Promise<Site>;
  /** Collects the tenant's live updates of `topics` until the returned stop function is called. */
  listen(topics: readonly TopicName[], who?: Who): Promise<{ heard: Heard[]; stop(): void }>;
  close(): Promise<void>;
}

export async function startSitemapCore(sitemap: Partial<Config['sitemap']> = {}): Promise<SitemapCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-sitemap-'));
  let core: Core | undefined;
  try {
    const config = loadConfig({ env: {}, overrides: { dataDir, log: { level: 'silent' }, sitemap } });
    const store = await openStore({ dataDir, migrate: 'auto' });
    try {
      store.tenants.ensureDefault();
      store.tenants.create({ slug: 'other', name: 'Other tenant' });
    } finally {
      store.close();
    }
    for (const who of ['viewer', 'technician', 'admin'] as const) {
      await addUser({ config, email: EMAILS[who], role: who, password: PASSWORD });
    }
    await addUser({ config, email: EMAILS.otherAdmin, role: 'admin', password: PASSWORD, tenantSlug: 'other' });
    const started = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
    core = started;

    const contexts = {} as Record<Who, CallContext>;
    for (const who of Object.keys(EMAILS) as Who[]) {
      const login = (await started.call(
        'auth.login',
        { tenant: who === 'otherAdmin' ? 'other' : 'default', email: EMAILS[who], password: PASSWORD },
        { transport: 'http', address: '192.0.2.10' },
      )) as LoginResult;
      contexts[who] = { transport: 'http', address: '192.0.2.10', token: login.token };
    }

    const call = <T>(method: string, input: unknown, who: Who = 'technician') =>
      started.call(method, input, contexts[who]) as Promise<T>;
    return {
      core: started,
      config,
      dataDir,
      call,
      async fail(method, input, who = 'technician') {
        try {
          await call(method, input, who);
        } catch (err) {
          if (err instanceof OutpostError) return err;
          throw err;
        }
        throw new Error(`${method} was expected to fail`);
      },
      newSite: (slug, who = 'admin') => call<Site>('sites.create', { name: `Site ${slug}`, slug }, who),
      async listen(topics, who = 'viewer') {
        const session = await started.authenticate(contexts[who].token);
        const heard: Heard[] = [];
        const stop = started.subscribe(session, topics, <T extends TopicName>(topic: T, payload: TopicPayload<T>) => {
          heard.push({ topic, payload });
        });
        return { heard, stop };
      },
      async close() {
        await started.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await core?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

export const toBase64 = (data: Buffer | string): string => Buffer.from(data).toString('base64');

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The start of a JPEG (SOI, APP0) and filler: the upload checks the signature, not the picture. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(200, 7)]);

/** The Core's own public site map (wired to its bus, so publishes and rollbacks invalidate it). */
export function publicSitemapOf(core: Core): PublicSitemap {
  const routes = core.routes?.find((r): r is SitemapRoutes => 'publicSitemap' in r);
  if (!routes) throw new Error('This Core has no site-map routes.');
  return routes.publicSitemap;
}
