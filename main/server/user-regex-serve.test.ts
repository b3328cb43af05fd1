import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startOutpost, type OutpostServer } from '../../e2e/support/outpost-server.js';
import { startStatusUpstream, type StatusUpstream } from '../sitemap/test-support/index.js';

/**
 * Issue 8, row 2: a user's regular expression cannot freeze the server. A real `outpost serve` (its own
 * process, so a frozen event loop there cannot stop this test's clock) maps an upstream's values with the
 * classic catastrophic patterns. On a backtracking engine `^(a+)+$` against 250 a's and a "!" would run
 * for longer than the universe has existed; here the mapping, the public status endpoint that applies the
 * same mapping, and /healthz asked at the same time must all answer within a few seconds.
 *
 * Also the `--allow-outbound` flag: the upstream listens on loopback, which the guard refuses otherwise.
 */
const HOSTILE = `${'a'.repeat(250)}!`;
const CATASTROPHIC = ['^(a+)+$', '(a|aa)+$', '(.*a){25}', '(x+x+)+y', '^(\\w+\\s?)*$', '(a|a)*b'];
/** Far beyond what linear matching needs on a loaded 2-core machine, far below what backtracking would take. */
const IN_TIME_MS = 10_000;
const OVERLAY = '<svg xmlns="http://www.w3.org/2000/svg"><rect id="P1" width="9" height="9"/></svg>';

let outpost: OutpostServer;
let upstream: StatusUpstream;
let token: string;
let siteId: string;

type Body = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field

async function rpc(method: string, input: unknown): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${outpost.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(IN_TIME_MS),
  });
  return { status: response.status, body: await response.json() };
}

const external = () => ({ url: upstream.url, listPath: '$.items', idField: 'id', statusField: 'state' });
const mapping = (patterns: string[]) => ({
  rules: patterns.map((pattern) => ({ match: { pattern }, status: 'alarm' })),
  custom: [],
});

beforeAll(async () => {
  upstream = await startStatusUpstream();
  upstream.answer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        items: [
          { id: 'P1', state: HOSTILE },
          { id: 'P2', state: 'x'.repeat(255) },
        ],
      }),
    );
  });
  outpost = await startOutpost({
    extraArgs: ['--allow-outbound', '127.0.0.0/8'],
    env: { OUTPOST_LOG_LEVEL: 'warn', OUTPOST_SITEMAP_STATUS_CACHE_SECONDS: '0.1' },
  });
  const login = await fetch(`${outpost.url}/api/rpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  token = ((await login.json()) as { token: string }).token;
  siteId = (await rpc('sites.create', { name: 'Regex yard', slug: 'regex-yard' })).body.id;
  const form = new FormData();
  form.append('kind', 'overlay');
  form.append('file', new Blob([OVERLAY]), 'overlay.svg');
  const uploaded = await fetch(`${outpost.url}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await outpost?.stop();
  await upstream?.close();
});

describe('user regular expressions in a running server', () => {
  it('maps with catastrophic patterns while public requests answer in time', async () => {
    const set = await rpc('integrations.set', {
      siteId,
      kind: 'external',
      external: external(),
      statusMapping: mapping(CATASTROPHIC),
    });
    expect(set.status).toBe(200);
    expect((await rpc('releases.publish', { siteId, env: 'production' })).status).toBe(200);

    const publicStatus = () =>
      fetch(`${outpost.url}/api/public/regex-yard/status`, { signal: AbortSignal.timeout(IN_TIME_MS) }).then(
        async (r) => ({
          status: r.status,
          body: (await r.json()) as { items: { externalId: string; status: string }[] },
        }),
      );
    const health = () => fetch(`${outpost.url}/healthz`, { signal: AbortSignal.timeout(IN_TIME_MS) });

    // Everything at once: three mapping tests, the public endpoint (same mapping, from the release) and health.
    const [tests, pub, healthz] = await Promise.all([
      Promise.all(
        [1, 2, 3].map(() =>
          rpc('integrations.test', {
            siteId,
            kind: 'external',
            external: external(),
            statusMapping: mapping(CATASTROPHIC),
          }),
        ),
      ),
      publicStatus(),
      health(),
    ]);
    for (const test of tests) {
      expect(test.status).toBe(200);
      // Each value went past the catastrophic rules before one matched it: P1 `(.*a){25}`, P2 `^(\w+\s?)*$`.
      expect(test.body.sample).toEqual([
        { id: 'P1', raw: HOSTILE, status: 'alarm' },
        { id: 'P2', raw: 'x'.repeat(255), status: 'alarm' },
      ]);
    }
    expect(healthz.status).toBe(200);
    expect(pub.status).toBe(200);
    expect(pub.body.items).toEqual([expect.objectContaining({ externalId: 'P1', status: 'alarm' })]);
  });

  it('refuses patterns the linear-time engine cannot run, naming the rule, and stores nothing', async () => {
    const before = (await rpc('integrations.get', { siteId })).body;
    const refused = await rpc('integrations.set', {
      siteId,
      kind: 'external',
      external: external(),
      statusMapping: mapping(['^ok$', '(a)\\1', '^door(?!.*closed)']),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([
      { path: 'statusMapping.rules.1.match.pattern', message: expect.stringMatching(/^uses a backreference/u) },
      { path: 'statusMapping.rules.2.match.pattern', message: expect.stringMatching(/^uses lookahead or lookbehind/u) },
    ]);
    expect((await rpc('integrations.get', { siteId })).body).toEqual(before);
  });
});
