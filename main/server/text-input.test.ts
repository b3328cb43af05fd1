import { describe, expect, it } from 'vitest';
import { useServerFixture } from './test-support/server-fixture.js';

/*
 * Issue 8, rows 5 and 8, over the real HTTP server and SQLite: names refuse control characters,
 * bidi overrides and lone surrogates with a 400 naming the field; event text from a source keeps
 * the event but has them replaced and counted; an overlay import that is not UTF-8 is refused
 * naming its line, and one in UTF-8 (with or without a BOM) keeps its accents.
 */

describe('text from users and from sources', () => {
  const fx = useServerFixture({ config: { pipeline: { batch: { maxWaitMs: 5 } } } });

  /** Raw JSON, so a lone surrogate escape (`\ud800`) reaches the server as the client wrote it. */
  const rpcRaw = (method: string, json: string) =>
    fetch(`${fx.server.url}/api/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.adminToken}` },
      body: json,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { issues: unknown[] } } }));

  it('refuses NUL, U+202E and a lone surrogate in a site name with a 400 naming the field, storing nothing', async () => {
    for (const [name, char] of [
      ['Gate\u00001', 'U\\+0000'],
      ['Gate \u202E1 kcab', 'U\\+202E'],
      ['Gate\u2066 north', 'U\\+2066'],
    ] as const) {
      const refused = await fx.rpc('sites.create', { name, slug: 'gate' }, fx.adminToken);
      expect(refused.status).toBe(400);
      expect(refused.body.error.issues).toEqual([{ path: 'name', message: expect.stringMatching(char) }]);
    }
    const surrogate = await rpcRaw('sites.create', '{"name":"Gate \\ud800","slug":"gate"}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.issues).toEqual([{ path: 'name', message: expect.stringMatching(/lone surrogate/) }]);
    // Anywhere in any input, not only names: a source's free-form config too.
    const config = await fx.rpc(
      'sources.create',
      { kind: 'webhook', name: 'hook', config: { note: 'x\u202Ey' } },
      fx.adminToken,
    );
    expect(config.status).toBe(400);
    expect(config.body.error.issues).toEqual([{ path: 'config.note', message: expect.stringMatching(/U\+202E/) }]);
    const sites = await fx.rpc('sites.list', {}, fx.adminToken);
    expect(sites.body.sites.map((s: { slug: string }) => s.slug)).not.toContain('gate');
    expect((await fx.rpc('sites.create', { name: 'Gate 1 — Nord', slug: 'gate' }, fx.adminToken)).status).toBe(200);
  });

  it('keeps an event whose message holds NUL and U+202E, with them replaced and counted in the source health', async () => {
    const source = await fx.rpc('sources.create', { kind: 'webhook', name: 'Cameras', config: {} }, fx.adminToken);
    const sent = await fetch(`${fx.server.url}/api/ingest/${source.body.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${source.body.token}` },
      body: JSON.stringify({ message: 'Door\u0000 12 \u202Edenepo\u202C forced', label: 'door\u202E' }),
    });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };
    const event = await fx.rpc('events.get', { id }, fx.adminToken);
    expect(event.body.message).toBe('Door\uFFFD 12 \uFFFDdenepo\uFFFD forced');
    expect(event.body.label).toBe('door\uFFFD');
    const health = await fx.rpc('sources.get', { id: source.body.id }, fx.adminToken);
    expect(health.body.health).toMatchObject({ accepted: 1, textReplaced: 1 });
  });

  it('refuses a Latin-1 overlay CSV naming its line, and imports UTF-8 with or without a BOM', async () => {
    const site = await fx.rpc('sites.create', { name: 'Import yard', slug: 'import-yard' }, fx.adminToken);
    const csv = 'externalId,label\ndoor-1,Entrée\ndoor-2,Café\n';
    const importCsv = (bytes: Buffer) =>
      fx.rpc(
        'sitemap.importOverlays',
        { siteId: site.body.id, format: 'csv', contentBase64: bytes.toString('base64'), dryRun: true },
        fx.adminToken,
      );
    const latin1 = await importCsv(Buffer.from(csv, 'latin1'));
    expect(latin1.status).toBe(400);
    expect(latin1.body.error.message).toMatch(/not valid UTF-8.*line 2/);
    expect(latin1.body.error.issues).toEqual([{ path: 'content', message: expect.stringMatching(/line 2\)/) }]);
    for (const bytes of [
      Buffer.from(csv, 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
    ]) {
      const ok = await importCsv(bytes);
      expect(ok.status).toBe(200);
      expect(ok.body.rows.map((r: { overlay: { label: string } }) => r.overlay.label)).toEqual(['Entrée', 'Café']);
    }
    const both = await fx.rpc(
      'sitemap.importOverlays',
      { siteId: site.body.id, format: 'csv', content: csv, contentBase64: '' },
      fx.adminToken,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.issues[0].message).toMatch(/exactly one of content/);
  });
});
