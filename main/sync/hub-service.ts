import { OutpostError, type HubSite } from '../contract/index.js';
import type { Logger } from '../core/slice-kit/index.js';
import type { HubSiteRow, Scope, Store } from '../store/index.js';
import { codeHash, credentialMatches, credentialSite, newCredential, newEnrolmentCode } from './hub-credentials.js';
import { createHubAssets, type AssetFiles } from './hub-assets.js';
import { createHubStream } from './hub-stream.js';
import { logTunnelChange, type HubTunnels } from './tunnel-link.js';
import {
  compatibility,
  expectedPosition,
  isSkewed,
  MIN_PEER_PROTOCOL,
  PROTOCOL_VERSION,
  type EnrolAnswer,
  type EnrolRequest,
  type HelloAnswer,
  type HelloRequest,
  type PullRequest,
  type PushRequest,
} from './protocol/index.js';

export interface HubDeps {
  store: Store;
  log: Logger;
  now: () => number;
  /** This installation's id, told to sites so they notice being pointed at another hub. */
  hubId: string;
  appVersion: string;
  schemaVersion: number;
  maxRequestBytes: number;
  /** A site not heard from for this long shows as `late`. */
  lateAfterMs: number;
  /** The site map's file store: files sync carries beside drafts and releases. */
  files: AssetFiles;
  /** WireGuard for enrolled sites (absent: enrolment carries no tunnel). */
  tunnels?: HubTunnels;
  /** True when sync answers on the tunnel address (`sync.listenOn` empty): sites are told to use it. */
  syncOverTunnel?: boolean;
}

const REFUSED_CREDENTIAL =
  'The hub does not know this site’s credential (the site was removed, or enrolled with another hub). Enrol the site again with a new code.';

/** The hub: enrolment codes, enrolled sites, and the sync endpoints' work. */
export function createHub(deps: HubDeps) {
  const { store, now } = deps;
  const log = deps.log.child({ module: 'sync-hub' });
  const tunnels = deps.tunnels;
  // A site's tunnel config is rendered when it is pulled, and only for that site's own peer.
  const stream = createHubStream(store, (site, peerId) =>
    tunnels && site.tunnelPeerId === peerId
      ? tunnels.siteDoc({ tenantId: site.tenantId, siteId: site.siteId }, peerId)
      : null,
  );

  function helloFor(
    site: HubSiteRow,
    request: Pick<HelloRequest, 'protocol' | 'minProtocol' | 'appVersion'>,
    receivedAt: number,
  ): HelloAnswer {
    const fit = compatibility(
      { protocol: request.protocol, minProtocol: request.minProtocol, version: request.appVersion },
      { protocol: PROTOCOL_VERSION, minProtocol: MIN_PEER_PROTOCOL, version: deps.appVersion },
    );
    return {
      protocol: PROTOCOL_VERSION,
      minProtocol: MIN_PEER_PROTOCOL,
      appVersion: deps.appVersion,
      schemaVersion: deps.schemaVersion,
      hubId: deps.hubId,
      siteId: site.siteId,
      siteName: site.name,
      acked: site.ackedSeq,
      resume: expectedPosition(stream.position(site)),
      maxRequestBytes: deps.maxRequestBytes,
      upgrade: fit.ok ? null : { side: fit.upgrade, message: fit.message },
      receivedAt,
      answeredAt: now(),
    };
  }

  /** The enrolled, unrevoked site a request's credential belongs to. */
  function authenticate(credential: string | undefined): HubSiteRow {
    const site = store.syncHub.siteByCredential(credentialSite(credential));
    if (!site || !credentialMatches(credential!, site.credentialHash)) {
      throw new OutpostError('unauthenticated', REFUSED_CREDENTIAL);
    }
    if (site.revokedAt !== null) {
      throw new OutpostError(
        'forbidden',
        'An admin revoked this site on the hub, so it may no longer sync. Ask the admin for a new enrolment code.',
      );
    }
    return site;
  }

  const lastSeenOf = (s: HubSiteRow) => s.lastSyncAt;

  function view(site: HubSiteRow, openAlerts: number, at: number): HubSite {
    const last = lastSeenOf(site);
    return {
      siteId: site.siteId,
      name: site.name,
      enrolledAt: site.enrolledAt,
      revokedAt: site.revokedAt,
      reachability:
        site.revokedAt !== null ? 'revoked' : last === null ? 'never' : at - last > deps.lateAfterMs ? 'late' : 'ok',
      lastSyncAt: site.lastSyncAt,
      lastPushAt: site.lastPushAt,
      lastPullAt: site.lastPullAt,
      outboxLag: site.pending,
      ackedSeq: site.ackedSeq,
      clockOffsetMs: site.clockOffsetMs,
      skewed: isSkewed(site.clockOffsetMs),
      tunnel: {
        peerId: site.tunnelPeerId,
        ...(tunnels?.state({ tenantId: site.tenantId }, site.tunnelPeerId) ?? {
          state: 'none',
          handshakeAgeSeconds: null,
        }),
      },
      openAlerts,
      conflicts: site.conflicts,
      siteVersion: site.siteVersion,
      upgrade: site.upgrade,
    };
  }

  /** The enrolled site's peer and config; a failure leaves the site enrolled without a tunnel (logged). */
  async function enrolTunnel(site: HubSiteRow, port: number): Promise<EnrolAnswer['tunnel']> {
    if (!tunnels) return null;
    try {
      const made = await tunnels.enrolPeer({ tenantId: site.tenantId, siteId: site.siteId }, site.name);
      if (!made) return null;
      store.syncHub.update(site.siteId, { tunnelPeerId: made.peerId });
      const host = made.hubAddress.includes(':') ? `[${made.hubAddress}]` : made.hubAddress;
      return { ...made.doc, syncUrl: deps.syncOverTunnel ? `http://${host}:${port}` : null };
    } catch (err) {
      log.error(
        { siteId: site.siteId, err: err instanceof Error ? err.message : String(err) },
        'The enrolled site got no tunnel peer; add it under Tunnels',
      );
      return null;
    }
  }

  return {
    /** A site's tunnel config changed on the hub: it goes out with the site's next pull. */
    tunnelConfigChanged(tenantId: string, change: Parameters<typeof logTunnelChange>[2]): void {
      if (logTunnelChange(store, tenantId, change, now()))
        log.info({ siteId: change.siteId, reason: change.reason }, 'Tunnel config queued for the site');
    },

    createEnrolment(scope: Scope, input: { siteName: string; ttlMinutes: number }, createdBy: string) {
      const { code, hash } = newEnrolmentCode();
      const at = now();
      const row = store.syncHub.createEnrolment(scope, {
        siteName: input.siteName,
        codeHash: hash,
        expiresAt: at + input.ttlMinutes * 60_000,
        createdBy,
        at,
      });
      return { id: row.id, code, expiresAt: row.expiresAt, siteName: row.siteName };
    },

    enrolments: (scope: Scope) => store.syncHub.enrolments(scope),

    sites(scope: Scope) {
      const at = now();
      const open = store.syncHub.openAlerts(scope);
      return { items: store.syncHub.sites(scope).map((s) => view(s, open.get(s.siteId) ?? 0, at)), at };
    },

    /** Cuts a site: its credential stops at once, and its tunnel peer leaves the running interface. */
    async revoke(scope: Scope, siteId: string) {
      if (!store.syncHub.revoke(scope, siteId, now())) {
        throw new OutpostError('not_found', `There is no enrolled site ${siteId}. Check the id with hub.sites.`, {
          issues: [{ path: 'siteId', message: 'no such enrolled site' }],
        });
      }
      const peerId = store.syncHub.site(scope, siteId)?.tunnelPeerId ?? null;
      if (peerId !== null && tunnels) {
        await tunnels.removePeer(scope, peerId);
        store.syncHub.update(siteId, { tunnelPeerId: null });
      }
      log.info({ siteId, tunnelRemoved: peerId !== null }, 'Site revoked: its credential no longer syncs');
      return { ok: true as const };
    },

    /** Events of the tenant's enrolled sites matching words, best match first, each with its site. */
    search(scope: Scope, input: { text: string; limit: number; siteId?: string }) {
      const enrolled = new Map(store.syncHub.sites(scope).map((s) => [s.siteId, s.name]));
      if (input.siteId !== undefined && !enrolled.has(input.siteId)) return { items: [] };
      const hits = store.search.events(scope, {
        text: input.text,
        limit: input.limit * 2,
        ...(input.siteId ? { siteId: input.siteId } : {}),
      });
      const events = new Map(
        store.events
          .getMany(
            scope,
            hits.map((h) => h.id),
          )
          .map((e) => [e.id, e]),
      );
      const items = hits
        .map((h) => events.get(h.id))
        .filter((e) => e !== undefined && enrolled.has(e.siteId))
        .slice(0, input.limit)
        .map((event) => ({ siteId: event!.siteId, siteName: enrolled.get(event!.siteId)!, event: event! }));
      return { items };
    },

    /**
     * Spends a code: a new site on the hub, its credential (shown once), where its stream starts and,
     * with a tunnel interface for sites, its WireGuard peer and config (the only time its key travels).
     */
    async enrol(request: EnrolRequest, receivedAt: number, local: { port: number }): Promise<EnrolAnswer> {
      const hash = codeHash(request.code);
      if (hash === null) {
        throw new OutpostError(
          'invalid_input',
          'This is not an enrolment code: it has 20 letters and digits, e.g. K7M2Q-9XH4T-RB3WD-06NYE.',
          {
            issues: [{ path: 'code', message: 'not an enrolment code' }],
          },
        );
      }
      // The credential names the hub's site id, which exists only once the code is spent: spend and
      // store in one transaction, with a credential made for an id chosen here.
      let credential = '';
      const site = store.syncHub.redeem(hash, {
        originSiteId: request.site.id,
        slugFor,
        at: receivedAt,
        credentialFor: (siteId: string) => {
          const made = newCredential(siteId);
          credential = made.credential;
          return made.hash;
        },
      });
      if (!site) {
        throw new OutpostError(
          'forbidden',
          'The hub refused this enrolment code: it is unknown, already used or expired. Ask the hub admin for a new code (Hub → Sites → Enrol a site).',
        );
      }
      store.syncHub.update(site.siteId, {
        siteVersion: request.appVersion,
        siteProtocol: request.protocol,
        siteSchema: request.schemaVersion,
      });
      const tunnel = await enrolTunnel(site, local.port);
      log.info({ siteId: site.siteId, tenantId: site.tenantId, tunnel: tunnel !== null }, 'Site enrolled');
      return {
        hubId: deps.hubId,
        siteId: site.siteId,
        siteName: site.name,
        credential,
        tunnel,
        hello: helloFor(site, request, receivedAt),
      };
    },

    hello(credential: string | undefined, request: HelloRequest, receivedAt: number): HelloAnswer {
      const site = authenticate(credential);
      const answer = helloFor(site, request, receivedAt);
      store.syncHub.update(site.siteId, {
        pending: request.pending,
        oldestPendingAt: request.oldestAt,
        conflicts: request.conflicts,
        lastSyncAt: receivedAt,
        // The site's clock read when it sent, against ours when it arrived (transit time included).
        clockOffsetMs: receivedAt - request.sentAt,
        siteVersion: request.appVersion,
        siteProtocol: request.protocol,
        siteSchema: request.schemaVersion,
        upgrade: answer.upgrade?.message ?? null,
      });
      return answer;
    },

    push(credential: string | undefined, request: PushRequest, receivedAt: number) {
      const site = authenticate(credential);
      return stream.push(site, request, receivedAt, now);
    },

    pull(credential: string | undefined, request: PullRequest, receivedAt: number) {
      const site = authenticate(credential);
      return stream.pull(site, request, receivedAt, now);
    },

    assets: {
      ...createHubAssets({ store, files: deps.files, authenticate }),
      open: (sha256: string, range?: { start: number; end?: number }) => deps.files.open(sha256, range),
    },
  };
}

export type Hub = ReturnType<typeof createHub>;

/** A site slug from its name (the hub's sites are named by admins; slugs only need to be unique). */
function slugFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'site';
}
