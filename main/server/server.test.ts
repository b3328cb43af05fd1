import { describe, expect, it } from 'vitest';
import { answer, BODY_LIMIT, useServerFixture } from './test-support/server-fixture.js';

const fx = useServerFixture();

describe('POST /api/rpc/:method', () => {
  it('answers 200 with the method output, for a bare POST and an empty JSON body alike', async () => {
    const bare = await fetch(`${fx.server.url}/api/rpc/system.health`, { method: 'POST' }).then(answer);
    expect(bare.status).toBe(200);
    expect(bare.body.status).toBe('ok');

    const empty = await fx.rpc('system.health');
    expect(empty.status).toBe(200);

    const created = await fx.rpc('sites.create', { name: 'North Depot', slug: 'north-depot' }, fx.adminToken);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'North Depot', slug: 'north-depot', timezone: 'UTC' });

    const listed = await fx.rpc('sites.list', {}, fx.viewerToken);
    expect(listed.body.sites.map((s: { slug: string }) => s.slug)).toContain('north-depot');
  });

  it('answers 400 invalid_input naming every failing field', async () => {
    const result = await fx.rpc('sites.create', { name: '', slug: 'Not A Slug', extra: 1 }, fx.adminToken);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_input');
    const paths = result.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'slug']));
  });

  it('answers 400 invalid_input for malformed JSON', async () => {
    const result = await fetch(`${fx.server.url}/api/rpc/system.health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    }).then(answer);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_input');
  });

  it('answers 401 without a session and with a forged token', async () => {
    const none = await fx.rpc('sites.list', {});
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');

    const [head, , signature] = fx.adminToken.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'someone', role: 'admin' })).toString('base64url');
    const forged = await fx.rpc('sites.list', {}, `${head}.${forgedClaims}.${signature}`);
    expect(forged.status).toBe(401);
  });

  it('answers 403 when the role is too low', async () => {
    const result = await fx.rpc('sites.create', { name: 'Viewer Site', slug: 'viewer-site' }, fx.viewerToken);
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe('forbidden');
  });

  it('answers 404 unknown_method for a method that does not exist', async () => {
    const result = await fx.rpc('sites.explode', {}, fx.adminToken);
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('unknown_method');
  });

  it('answers 409 conflict for a slug already in use', async () => {
    const first = await fx.rpc('sites.create', { name: 'Depot A', slug: 'depot-a' }, fx.adminToken);
    expect(first.status).toBe(200);
    const second = await fx.rpc('sites.create', { name: 'Depot A again', slug: 'depot-a' }, fx.adminToken);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
  });

  it('answers 413 payload_too_large for a body over server.bodyLimitBytes, and stores nothing', async () => {
    const result = await fx.rpc(
      'sites.create',
      { name: 'Big', slug: 'big', address: 'x'.repeat(BODY_LIMIT) },
      fx.adminToken,
    );
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payload_too_large');
    const listed = await fx.rpc('sites.list', {}, fx.adminToken);
    expect(listed.body.sites.map((s: { slug: string }) => s.slug)).not.toContain('big');
  });

  it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
    const result = await fetch(`${fx.server.url}/api/rpc/system.health`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    }).then(answer);
    expect(result.status).toBe(415);
    expect(result.body.error.code).toBe('unsupported_media_type');
  });
});

describe('routes that do not exist', () => {
  it('answer JSON 404 not_found under /api, whatever the verb', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const result = await fetch(`${fx.server.url}/api/nothing/here`, { method }).then(answer);
      expect(result.status).toBe(404);
      expect(result.body.error.code).toBe('not_found');
    }
  });

  it('answer / with a page saying how to build the renderer when it is missing', async () => {
    const result = await fetch(`${fx.server.url}/`).then(answer);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.body).toContain('The renderer is not built. Run <code>npm run build</code>');
  });
});
