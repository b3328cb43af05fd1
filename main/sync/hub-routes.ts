import { BlockList, isIPv4 } from 'node:net';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { OutpostError } from '../contract/index.js';
import { bearerToken, sendError, sendStoredFile, type SliceRoutes } from '../server/route-kit/index.js';
import type { Hub } from './hub-service.js';
import { AssetsMissingRequest, EnrolRequest, HelloRequest, PullRequest, PushRequest } from './protocol/index.js';

/** The largest site-map file sync carries (what the site map accepts as an upload). */
const MAX_ASSET_BYTES = 268_435_456;
const SHA256 = /^[0-9a-f]{64}$/;

export interface HubRouteOptions {
  /** Local address ranges the sync routes answer on (`sync.listenOn`); empty: loopback only. */
  listenOn: readonly string[];
  /** With `listenOn` empty: the hub's own tunnel addresses (host routes), read at each request (interfaces change). */
  tunnelAddresses?: () => readonly string[];
  maxRequestBytes: number;
  now: () => number;
}

function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const type = isIPv4(address!) ? 'ipv4' : 'ipv6';
    list.addSubnet(address!, Number(bits ?? (type === 'ipv4' ? 32 : 128)), type);
  }
  return list;
}

/**
 * The hub's sync endpoints, `POST /api/sync/{enrol,hello,push,pull,assets/missing}`: gzip-compressed
 * JSON, under `sync.maxRequestBytes` before and after decompression; and the site-map files beside them,
 * `GET`/`PUT /api/sync/assets/{sha256}` (raw bytes, resumable downloads). All answered only on the addresses
 * `sync.listenOn` names (the rest of the API keeps `server.host`). Sites authenticate with their
 * credential, not a user session, so these routes limit themselves rather than by user.
 */
export function hubRoutes(hub: Hub, options: HubRouteOptions): SliceRoutes {
  const configured = options.listenOn.length > 0;
  const allowed = blockListOf(configured ? options.listenOn : ['127.0.0.0/8', '::1/128']);
  const localOf = (request: FastifyRequest) => request.socket.localAddress?.replace(/^::ffff:/, '') ?? '';
  const onAllowedAddress = (request: FastifyRequest) => {
    const local = localOf(request);
    if (local === '') return false;
    const type = isIPv4(local) ? 'ipv4' : 'ipv6';
    if (allowed.check(local, type)) return true;
    // Unset listenOn: the hub's tunnel address as well (not every address the server binds).
    return !configured && blockListOf(options.tunnelAddresses?.() ?? []).check(local, type);
  };
  return {
    rateLimits: [{ prefix: '/api/sync/', bucket: 'own' }],
    register(app: FastifyInstance) {
      app.addHook('preParsing', async (request, _reply, payload) => {
        if (!request.url.startsWith('/api/sync/')) return payload;
        if (request.headers['content-encoding'] === 'gzip') {
          delete request.headers['content-length'];
          return payload.pipe(createGunzip());
        }
        return payload;
      });
      const refuseElsewhere = (request: FastifyRequest) => {
        if (!onAllowedAddress(request)) {
          throw new OutpostError(
            'not_found',
            'Sync is not served on this address. Reach the hub through its tunnel address (sync.listenOn).',
          );
        }
      };
      const route = <S extends z.ZodType>(
        path: string,
        schema: S,
        handle: (
          credential: string | undefined,
          body: z.infer<S>,
          receivedAt: number,
          local: { port: number },
        ) => unknown,
        anyAddress = false,
      ) => {
        app.post(`/api/sync/${path}`, { bodyLimit: options.maxRequestBytes }, async (request, reply) => {
          const receivedAt = options.now();
          try {
            if (!anyAddress) refuseElsewhere(request);
            const parsed = schema.safeParse(request.body);
            if (!parsed.success) {
              const issue = parsed.error.issues[0];
              throw new OutpostError(
                'invalid_input',
                `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
                {
                  issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
                },
              );
            }
            const credential = bearerToken(request.headers.authorization);
            const answer = await handle(credential, parsed.data, receivedAt, { port: request.socket.localPort ?? 0 });
            return await reply.header('cache-control', 'no-store').send(answer);
          } catch (err) {
            return sendError(reply, request, err, options.maxRequestBytes);
          }
        });
      };
      const assetName = (sha256: string) => {
        if (!SHA256.test(sha256)) {
          throw new OutpostError('invalid_input', 'sha256: must be a lower-case hex SHA-256', {
            issues: [{ path: 'sha256', message: 'must be a lower-case hex SHA-256' }],
          });
        }
        return sha256;
      };
      app.get<{ Params: { sha256: string } }>('/api/sync/assets/:sha256', async (request, reply) => {
        try {
          refuseElsewhere(request);
          const file = hub.assets.file(bearerToken(request.headers.authorization), assetName(request.params.sha256));
          return sendStoredFile(request, reply, file, (range) => hub.assets.open(file.sha256, range), 'no-store');
        } catch (err) {
          return sendError(reply, request, err, MAX_ASSET_BYTES);
        }
      });
      // Raw bytes, in a scope of their own so no other route takes application/octet-stream bodies.
      void app.register(async (scope) => {
        scope.addContentTypeParser(
          'application/octet-stream',
          { parseAs: 'buffer', bodyLimit: MAX_ASSET_BYTES },
          (_r, body, done) => done(null, body),
        );
        scope.put<{ Params: { sha256: string }; Body: Buffer }>(
          '/api/sync/assets/:sha256',
          {
            bodyLimit: MAX_ASSET_BYTES,
            // Refused before a byte is read: a site sends exactly the size its document names.
            onRequest: async (request, reply) => {
              try {
                refuseElsewhere(request);
                const sha256 = assetName(request.params.sha256);
                const expected = hub.assets.expectedSize(bearerToken(request.headers.authorization), sha256);
                if (Number(request.headers['content-length']) !== expected) {
                  throw new OutpostError(
                    'invalid_input',
                    `content-length: this file has ${expected} bytes; send exactly that many.`,
                  );
                }
              } catch (err) {
                return sendError(reply, request, err, MAX_ASSET_BYTES);
              }
            },
          },
          async (request, reply) => {
            try {
              const credential = bearerToken(request.headers.authorization);
              return await reply
                .header('cache-control', 'no-store')
                .send(await hub.assets.put(credential, request.params.sha256, request.body));
            } catch (err) {
              return sendError(reply, request, err, MAX_ASSET_BYTES);
            }
          },
        );
      });
      // Enrolment answers on every address: a new site has no tunnel yet, and the one-time code
      // guards it (serve it over HTTPS across networks you do not trust: its answer holds a key).
      route('enrol', EnrolRequest, (_c, body, at, local) => hub.enrol(body, at, local), true);
      route('hello', HelloRequest, (c, body, at) => hub.hello(c, body, at));
      route('push', PushRequest, (c, body, at) => hub.push(c, body, at));
      route('pull', PullRequest, (c, body, at) => hub.pull(c, body, at));
      route('assets/missing', AssetsMissingRequest, (c, body) => hub.assets.missing(c, body.sha256));
    },
  };
}
