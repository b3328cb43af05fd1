import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { answer, useServerFixture } from './test-support/server-fixture.js';

/*
 * Issue 8, row 9, on the real server: every error answer is the API's JSON, including those Node's
 * HTTP parser and Fastify's router give before any route runs; /metrics is for this machine, or
 * for whoever holds the metrics token; framing is refused the same way everywhere.
 */

const METRICS_TOKEN = 'scrape-token-for-tests-0123456789';

/** Sends raw bytes and returns the raw response (the server closes the connection after a parser error). */
function raw(port: number, request: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
    socket.write(request);
  });
}

describe('error answers and headers', () => {
  const fx = useServerFixture({ config: { server: { metricsToken: METRICS_TOKEN } } });
  const port = () => Number(new URL(fx.server.url).port);

  it('answers headers too large with 431 in the API shape', async () => {
    const result = await raw(port(), `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
    expect(result.status).toBe(431);
    expect(result.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'headers_too_large', message: expect.stringMatching(/headers are too large/) },
    });
  });

  it('answers a request Node cannot parse with 400 in the API shape', async () => {
    for (const request of ['NOT A REQUEST\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n']) {
      const result = await raw(port(), request);
      expect(result.status).toBe(400);
      expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it('answers an undecodable URL, an unknown path and a too-large body in the API shape', async () => {
    const badUrl = await fetch(`${fx.server.url}/api/public/%E0%A4%A/status`).then(answer);
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toMatchObject({ error: { code: 'invalid_input', issues: [{ path: 'url' }] } });
    const missing = await fetch(`${fx.server.url}/api/nothing/here`).then(answer);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
    const large = await fx.rpc('sites.create', { name: 'x'.repeat(10_000), slug: 'big' }, fx.adminToken);
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('serves /metrics to this machine, refuses it through a proxy unless the token is sent', async () => {
    const local = await fetch(`${fx.server.url}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain('http_request_duration_seconds');
    const proxied = await fetch(`${fx.server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } }).then(
      answer,
    );
    expect(proxied.status).toBe(403);
    expect(proxied.body).toMatchObject({
      error: { code: 'forbidden', message: expect.stringMatching(/metrics token/) },
    });
    const wrong = await fetch(`${fx.server.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(403);
    const withToken = await fetch(`${fx.server.url}/metrics`, {
      headers: { forwarded: 'for=203.0.113.9', authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(withToken.status).toBe(200);
  });

  it('refuses framing the same way on every page: frame-ancestors none and X-Frame-Options DENY', async () => {
    for (const path of ['/', '/wall/some-site', '/docs', '/api/nothing', '/healthz']) {
      const response = await fetch(`${fx.server.url}${path}`);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      await response.arrayBuffer();
    }
  });
});
