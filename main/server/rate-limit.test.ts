import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, loadConfig, type Core } from '../core/index.js';
import { startServer, type RunningServer } from './index.js';

const BURST = 3;
const PUBLIC_BURST = 5;
let dataDir: string | undefined;
let core: Core | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outpost-rate-'));
  // A refill so slow that no token comes back during the test: the outcome never depends on timing.
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      server: { port: 0 },
      log: { level: 'silent' },
      rateLimit: { burst: BURST, refillPerSecond: 0.01, publicBurst: PUBLIC_BURST, publicRefillPerSecond: 0.01 },
    },
  });
  core = await createCore({ config });
  server = await startServer(core, { logger: { level: 'silent' } });
});

afterAll(async () => {
  await server?.close().catch(() => {});
  await core?.close().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const health = (token?: string) =>
  fetch(`${server!.url}/api/rpc/system.health`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

const fakeJwt = (sub: string) => `e30.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`;

describe('rate limit', () => {
  it('answers 429 rate_limited with Retry-After once the burst is spent, per user and address', async () => {
    for (let i = 0; i < BURST; i++) expect((await health()).status).toBe(200);

    const limited = await health();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { error: { code: string; retryAfterSeconds: number } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.retryAfterSeconds).toBe(retryAfter);

    // Another user (as named by the token) has a bucket of its own.
    expect((await health(fakeJwt('someone-else'))).status).toBe(200);
  });

  it('never limits health, readiness or metrics', async () => {
    for (let i = 0; i < BURST + 2; i++) {
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        const response = await fetch(`${server!.url}${path}`);
        expect(response.status, path).toBe(200);
        await response.arrayBuffer();
      }
    }
  });

  it('gives the public site-map endpoints a bucket of their own, per address, sharing nothing with the app', async () => {
    // The first test spent the anonymous app bucket of this address; public reads still go through.
    expect((await health()).status).toBe(429);
    const release = () => fetch(`${server!.url}/api/public/no-such-site/release.json`);
    for (let i = 0; i < PUBLIC_BURST; i++) {
      const response = await release();
      expect(response.status).toBe(404); // not published: counted, not limited
      await response.arrayBuffer();
    }
    const limited = await release();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    // A board's script on another origin can read why.
    expect(limited.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    // Spending the public bucket took nothing from the app's users at that address.
    expect((await health(fakeJwt('signed-in-user'))).status).toBe(200);
  });
});
