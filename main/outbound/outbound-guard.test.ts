import type { LookupAddress } from 'node:dns';
import { get, type Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard, OutboundRefusedError, outboundRefusal, type HostResolver } from './index.js';
import { startRecordingServer, type RecordingServer } from './test-support/recording-server.js';

/** A resolver with fixed answers, standing in for DNS (the machine's own resolver and hosts file stay untouched). */
function resolverOf(answers: Record<string, string[] | (() => string[])>): HostResolver {
  return async (hostname) => {
    const entry = answers[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const list = typeof entry === 'function' ? entry() : entry;
    return list.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusalOf(promise: Promise<unknown>): Promise<OutboundRefusedError | undefined> {
  try {
    await promise;
  } catch (err) {
    return outboundRefusal(err);
  }
  throw new Error('the request went through');
}

describe('outbound guard', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  it('refuses loopback in every spelling, and the loopback server never hears of it', async () => {
    const guard = createOutboundGuard();
    try {
      const p = server.port;
      const spellings = [
        `http://127.0.0.1:${p}/plain`,
        `http://localhost:${p}/name`,
        `http://0x7f000001:${p}/hex`,
        `http://2130706433:${p}/decimal`,
        `http://017700000001:${p}/octal`,
        `http://0177.0.0.1:${p}/octal-dotted`,
        `http://0x7f.0.0.1:${p}/hex-dotted`,
        `http://127.1:${p}/short`,
        `http://127.0.0.2:${p}/other-loopback`,
        `http://[::1]:${p}/v6`,
        `http://[::ffff:127.0.0.1]:${p}/v4-mapped`,
        `http://[::ffff:7f00:1]:${p}/v4-mapped-hex`,
        `http://0.0.0.0:${p}/unspecified`,
        `http://0:${p}/zero`,
        `http://[::]:${p}/v6-unspecified`,
        `https://127.0.0.1:${p}/tls`,
      ];
      for (const url of spellings) {
        const refusal = await refusalOf(guard.fetch(url));
        expect(refusal, url).toBeInstanceOf(OutboundRefusedError);
        expect(refusal!.message, url).toMatch(/outbound\.allow .* --allow-outbound/u);
      }
      expect(server.hits).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('refuses private, link-local, CGNAT, multicast, reserved and IPv4-carrying IPv6 addresses', async () => {
    const guard = createOutboundGuard();
    try {
      const cases: [url: string, kind: RegExp][] = [
        ['http://10.1.2.3/', /private/u],
        ['http://172.16.0.1/', /private/u],
        ['http://192.168.1.10/', /private/u],
        ['http://169.254.169.254/latest/meta-data/', /link-local/u],
        ['http://100.64.0.1/', /carrier-grade NAT/u],
        ['http://224.0.0.1/', /multicast/u],
        ['http://255.255.255.255/', /broadcast/u],
        ['http://192.0.2.1/', /reserved or documentation/u],
        ['http://198.51.100.7/', /reserved or documentation/u],
        ['http://240.0.0.1/', /reserved/u],
        ['http://[fe80::1]/', /link-local/u],
        ['http://[fd12:3456::1]/', /private/u],
        ['http://[ff02::1]/', /multicast/u],
        ['http://[2001:db8::1]/', /reserved or documentation/u],
        ['http://[64:ff9b::7f00:1]/', /carries another address/u],
        ['http://[2002:7f00:1::1]/', /carries another address/u],
        ['http://[::ffff:10.0.0.1]/', /private/u],
        ['http://[::ffff:169.254.169.254]/', /link-local/u],
        ['http://[::7f00:1]/', /reserved/u],
      ];
      for (const [url, kind] of cases) {
        const refusal = await refusalOf(guard.fetch(url));
        expect(refusal, url).toBeInstanceOf(OutboundRefusedError);
        expect(refusal!.kind, url).toMatch(kind);
      }
    } finally {
      await guard.close();
    }
  });

  it('refuses a DNS name that resolves to loopback, or to loopback among public addresses', async () => {
    const guard = createOutboundGuard({
      resolve: resolverOf({
        'status.example': ['127.0.0.1'],
        'mixed.example': ['93.184.215.14', '127.0.0.1'],
        'v6.example': ['::1'],
      }),
    });
    try {
      for (const host of ['status.example', 'mixed.example', 'v6.example']) {
        const refusal = await refusalOf(guard.fetch(`http://${host}:${server.port}/`));
        expect(refusal, host).toBeInstanceOf(OutboundRefusedError);
        expect(refusal!.host).toBe(host);
        expect(refusal!.kind).toBe('a loopback address');
      }
      expect(server.hits).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('checks the answer the connection uses, so a DNS answer that changes later is caught', async () => {
    // 127.0.0.2 stands in for a public address (allowed); the name "rebinds" to 127.0.0.1 after the first answer.
    const allowedPeer = await startRecordingServer('127.0.0.2', server.port);
    const answers = ['127.0.0.2', '127.0.0.1'];
    let asked = 0;
    const guard = createOutboundGuard({
      allow: ['127.0.0.2/32'],
      resolve: resolverOf({ 'rebind.example': () => [answers[Math.min(asked++, answers.length - 1)]!] }),
    });
    try {
      const first = await guard.fetch(`http://rebind.example:${server.port}/first`);
      expect(await first.json()).toEqual({ from: '127.0.0.2' });
      // The first answer's server closed the connection: the second request connects, and looks up, again.
      const refusal = await refusalOf(guard.fetch(`http://rebind.example:${server.port}/second`));
      expect(refusal?.address).toBe('127.0.0.1');
      expect(asked).toBe(2);
      expect(allowedPeer.hits).toEqual(['/first']);
      expect(server.hits).toEqual([]);
    } finally {
      await guard.close();
      await allowedPeer.close();
    }
  });

  it('lets an admin-allowed range through, in either address family spelling', async () => {
    for (const allow of [['127.0.0.0/8'], ['::ffff:127.0.0.0/104'], ['127.0.0.1']]) {
      const guard = createOutboundGuard({ allow });
      try {
        const response = await guard.fetch(`http://0x7f000001:${server.port}/allowed`);
        expect(response.status, allow[0]).toBe(200);
        await response.body?.cancel();
      } finally {
        await guard.close();
      }
    }
    expect(server.hits).toEqual(['/allowed', '/allowed', '/allowed']);
    // An allowed range opens only itself.
    const narrow = createOutboundGuard({ allow: ['10.0.0.0/8'] });
    try {
      expect(await refusalOf(narrow.fetch(`http://127.0.0.1:${server.port}/`))).toBeInstanceOf(OutboundRefusedError);
    } finally {
      await narrow.close();
    }
  });

  it('refuses a bad allow-list entry at creation, and schemes other than http(s)', async () => {
    expect(() => createOutboundGuard({ allow: ['127.0.0.0/33'] })).toThrow(/not a CIDR range/u);
    expect(() => createOutboundGuard({ allow: ['internal.example'] })).toThrow(/not a CIDR range/u);
    const guard = createOutboundGuard();
    try {
      await expect(guard.fetch('file:///etc/passwd')).rejects.toThrow(/http:\/\/ or https:\/\//u);
    } finally {
      await guard.close();
    }
  });

  it("gives Node's own agents (the S3 client's) the same checks: literal, looked-up and allowed", async () => {
    const status = (agent: Agent, url: string) =>
      new Promise<number>((resolve, reject) => {
        get(url, { agent }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    const refusalOfGet = async (agent: Agent, url: string) => {
      try {
        await status(agent, url);
      } catch (err) {
        return outboundRefusal(err);
      }
      throw new Error('the request went through');
    };
    const before = server.hits.length;
    const guard = createOutboundGuard({ resolve: resolverOf({ 'storage.example': ['127.0.0.1'] }) });
    try {
      const agent = guard.nodeAgents.httpAgent;
      expect(await refusalOfGet(agent, `http://127.0.0.1:${server.port}/agent-literal`)).toBeInstanceOf(
        OutboundRefusedError,
      );
      expect(await refusalOfGet(agent, `http://0x7f000001:${server.port}/agent-hex`)).toBeInstanceOf(
        OutboundRefusedError,
      );
      expect(await refusalOfGet(agent, `http://storage.example:${server.port}/agent-name`)).toBeInstanceOf(
        OutboundRefusedError,
      );
    } finally {
      await guard.close();
    }
    expect(server.hits.length).toBe(before);
    const allowed = createOutboundGuard({
      allow: ['127.0.0.0/8'],
      resolve: resolverOf({ 'storage.example': ['127.0.0.1'] }),
    });
    try {
      expect(await status(allowed.nodeAgents.httpAgent, `http://storage.example:${server.port}/agent-ok`)).toBe(200);
    } finally {
      await allowed.close();
    }
    expect(server.hits.at(-1)).toBe('/agent-ok');
  });
});
