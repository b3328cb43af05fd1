import { beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../outbound/test-support/index.js';
import { useServerFixture } from './test-support/server-fixture.js';

/**
 * Issue 8, row 4: outgoing requests cannot be aimed at internal addresses. A technician points a
 * status integration at a loopback HTTP server this test owns, in every spelling; the server must
 * never be called, and nothing is stored.
 */
const TECH = { email: 'tech@example.com', password: 'technician-password-1' };
const fx = useServerFixture();

let target: RecordingServer;
let techToken: string;
let site: string;
beforeAll(async () => {
  target = await startRecordingServer();
  fx.cleanups.push(() => target.close());
  expect((await fx.rpc('users.create', { ...TECH, role: 'technician' }, fx.adminToken)).status).toBe(200);
  techToken = await fx.login(TECH);
  const created = await fx.rpc('sites.create', { name: 'Pump station', slug: 'pump-station' }, fx.adminToken);
  expect(created.status).toBe(200);
  site = created.body.id as string;
});

const external = (url: string) => ({ url, listPath: '$.items', idField: 'id', statusField: 'state', timeoutMs: 500 });

describe('outgoing requests from status integrations', () => {
  it('refuses loopback and private targets in every spelling, never calling the loopback server', async () => {
    const p = target.port;
    const literal = [
      `http://127.0.0.1:${p}/status`,
      `http://0x7f000001:${p}/status`,
      `http://2130706433:${p}/status`,
      `http://017700000001:${p}/status`,
      `http://0177.0.0.1:${p}/status`,
      `http://127.1:${p}/status`,
      `http://[::1]:${p}/status`,
      `http://[::ffff:127.0.0.1]:${p}/status`,
      `http://0.0.0.0:${p}/status`,
      'http://10.0.0.7/status',
      'http://192.168.1.20/status',
      'http://172.31.0.1/status',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.100.100.100/status',
      'http://[fd00::7]/status',
      'http://[fe80::1]/status',
    ];
    for (const url of literal) {
      for (const method of ['integrations.test', 'integrations.set']) {
        const answer = await fx.rpc(method, { siteId: site, kind: 'external', external: external(url) }, techToken);
        expect(answer.status, `${method} ${url}`).toBe(400);
        expect(answer.body.error.issues, url).toEqual([
          { path: 'external.url', message: expect.stringMatching(/which outgoing requests may not reach$/u) },
        ]);
        expect(answer.body.error.message, url).toMatch(/--allow-outbound/u);
      }
    }
    // A name is judged when connecting: localhost resolves to loopback, and is refused there.
    const named = await fx.rpc(
      'integrations.test',
      { siteId: site, kind: 'external', external: external(`http://localhost:${p}/status`) },
      techToken,
    );
    expect(named.status).toBe(503);
    expect(named.body.error.message).toMatch(/may not reach localhost: it is a loopback address/u);

    expect(target.hits).toEqual([]);
    const stored = await fx.rpc('integrations.get', { siteId: site }, techToken);
    expect(stored.body.kind).toBe('internal');
    expect(stored.body.external).toBeNull();
  });

  it('keeps polling away from a name that resolves inside, and says why in the site status', async () => {
    const set = await fx.rpc(
      'integrations.set',
      { siteId: site, kind: 'external', external: external(`http://localhost:${target.port}/status`) },
      techToken,
    );
    expect(set.status).toBe(200);
    const status = await fx.rpc('sitemap.status', { siteId: site }, techToken);
    expect(status.status).toBe(503);
    expect(status.body.error.message).toMatch(/may not reach localhost: it is a loopback address/u);
    expect(target.hits).toEqual([]);
  });
});
