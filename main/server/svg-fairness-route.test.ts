import { beforeAll, describe, expect, it } from 'vitest';
import { answer, useServerFixture, type Answer } from './test-support/server-fixture.js';

/**
 * Issue 8, row 3: one tenant cannot starve every tenant's SVG uploads. Tenant A (acme) sends several
 * large overlay layers at once; tenant B (globex) sends a 100-byte one. B's upload is checked right after
 * the one running, and A's upload past its waiting limit is answered 429 with Retry-After and stores
 * nothing. The limit is lowered to 2 so the test needs only a few large files.
 */
const fx = useServerFixture({ otherTenant: true, config: { workers: { svg: { maxWaitingPerTenant: 2 } } } });

/** A grid of `count` rooms whose ids start with `prefix` (about 60 bytes a room). */
function gridSvg(prefix: string, count: number): Buffer {
  const shapes = Array.from(
    { length: count },
    (_, i) => `<rect id="${prefix}-${i}" x="${(i % 80) * 40}" y="${Math.floor(i / 80) * 40}" width="34" height="34"/>`,
  );
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3200 3200">${shapes.join('')}</svg>`);
}

const SMALL = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect id="b-door" width="9" height="9"/></svg>');

function upload(siteId: string, token: string, data: Buffer, name: string): Promise<Answer> {
  const form = new FormData();
  form.append('kind', 'overlay');
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return fetch(`${fx.server.url}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  }).then(answer);
}

let siteA: string;
let siteB: string;
beforeAll(async () => {
  siteA = (await fx.rpc('sites.create', { name: 'Acme plant', slug: 'acme-plant' }, fx.adminToken)).body.id;
  siteB = (await fx.rpc('sites.create', { name: 'Globex depot', slug: 'globex-depot' }, fx.otherToken)).body.id;
  expect(siteA).toBeTruthy();
  expect(siteB).toBeTruthy();
});

describe('SVG uploads on the shared worker', () => {
  it('checks tenant B’s small file after the one running, and refuses A past its waiting limit', async () => {
    expect(SMALL.length).toBeLessThanOrEqual(100);
    const finished: string[] = [];
    const large = [1, 2, 3, 4].map((n) =>
      upload(siteA, fx.adminToken, gridSvg(`a${n}`, 4000), `plant-${n}.svg`).then((result) => {
        finished.push(result.status === 201 ? 'a' : `a-${result.status}`);
        return { n, result };
      }),
    );
    // One of A's four is turned away at once: one runs and two wait, the most A may have waiting.
    const refused = await Promise.race(
      large.map((p) => p.then((outcome) => (outcome.result.status === 429 ? outcome : new Promise<never>(() => {})))),
    );
    expect(refused.result.body.error.code).toBe('rate_limited');
    expect(refused.result.body.error.message).toMatch(/already has 2 SVG files waiting/u);
    expect(Number(refused.result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.result.body.error.retryAfterSeconds).toBe(Number(refused.result.headers.get('retry-after')));

    const small = await upload(siteB, fx.otherToken, SMALL, 'door.svg');
    finished.push('b');
    expect(small.status).toBe(201);
    const outcomes = await Promise.all(large);

    // B's file was checked right after the large one already running, ahead of A's two waiting ones (its
    // answer may even beat the running one's, which still has thousands of overlays to store).
    const answered = finished.filter((f) => f !== 'a-429');
    expect(answered.indexOf('b')).toBeLessThanOrEqual(1);
    expect(answered.slice(2)).toEqual(['a', 'a']);
    expect(outcomes.filter((o) => o.result.status === 201)).toHaveLength(3);

    // Nothing of the refused file was stored: its shapes never became overlays.
    const draft = (await fx.rpc('sitemap.get', { siteId: siteA }, fx.adminToken)).body as {
      overlays: { shapeId: string | null }[];
    };
    const prefixes = new Set(draft.overlays.map((o) => o.shapeId?.split('-')[0]));
    expect(prefixes.has(`a${refused.n}`)).toBe(false);
    expect(prefixes.size).toBe(3);
    const other = (await fx.rpc('sitemap.get', { siteId: siteB }, fx.otherToken)).body as {
      overlays: { shapeId: string | null }[];
    };
    expect(other.overlays.map((o) => o.shapeId)).toEqual(['b-door']);
  });
});
