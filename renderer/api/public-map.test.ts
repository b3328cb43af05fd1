import { describe, expect, it, vi } from 'vitest';
import { createPublicMapClient, PublicMapError } from './public-map.js';

function json(body: unknown, init: ResponseInit = {}) {
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' }, ...init });
}

describe('public map client', () => {
  it('asks for release.json without a token, with If-None-Match and the environment', async () => {
    const fetch = vi.fn(async () => json({ format: 1, version: 3 }, { headers: { etag: '"abc"' } }));
    const client = createPublicMapClient({ fetch, baseUrl: 'http://hub:8080/' });
    const answer = await client.release('north depot', 'staging', '"old"');
    expect(answer?.etag).toBe('"abc"');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://hub:8080/api/public/north%20depot/release.json?env=staging');
    expect(init.headers).toEqual({ 'if-none-match': '"old"' });
    expect(JSON.stringify(init)).not.toMatch(/authorization/i);
  });

  it('answers null for 304 and leaves ?env out for production', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 304 }));
    const client = createPublicMapClient({ fetch, baseUrl: 'http://hub' });
    expect(await client.release('depot', 'production', '"x"')).toBeNull();
    expect(fetch.mock.calls[0]![0]).toBe('http://hub/api/public/depot/release.json');
    expect(client.assetUrl('depot', 'ab12')).toBe('http://hub/api/public/depot/assets/ab12');
  });

  it('tells "not published", "unavailable" and network failures apart, with the server message', async () => {
    const answers = [
      json({ error: { code: 'not_found', message: 'No release of depot in production' } }, { status: 404 }),
      json({ error: { code: 'unavailable', message: 'No status source has answered yet' } }, { status: 503 }),
    ];
    const fetch = vi.fn(async () => {
      const next = answers.shift();
      if (!next) throw new TypeError('Failed to fetch');
      return next;
    });
    const client = createPublicMapClient({ fetch, baseUrl: 'http://hub' });
    await expect(client.release('depot', 'production', null)).rejects.toMatchObject({
      problem: 'not-published',
      message: 'No release of depot in production',
    });
    await expect(client.status('depot', 'production')).rejects.toMatchObject({ problem: 'unavailable' });
    const err = await client.status('depot', 'production').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublicMapError);
    expect(err).toMatchObject({ problem: 'network' });
  });
});
