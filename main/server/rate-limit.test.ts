import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, loadConfig, type Core } from '../core/index.js';
import { startServer, type RunningServer } from './index.js';

const BURST = 3;
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
      rateLimit: { burst: BURST, refillPerSecond: 0.01 },
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
});
