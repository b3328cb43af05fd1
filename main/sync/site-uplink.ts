import type { OutboxRow, SiteScope, Store, UplinkRow } from '../store/index.js';
import type { Logger } from '../core/slice-kit/index.js';
import {
  buildPushBody,
  clockSample,
  EnrolAnswer,
  HelloAnswer,
  MIN_PEER_PROTOCOL,
  PROTOCOL_VERSION,
  PullAnswer,
  PushAnswer,
  type EntrySource,
  type OutboxEntry,
  type Position,
  type PullChange,
} from './protocol/index.js';
import type { AssetFiles } from './hub-assets.js';
import { exchangeAssets } from './site-assets.js';
import { applyCheckpoint } from './site-pull.js';
import { createHubClient, HubRequestError, type Fetch } from './site-transport.js';
import { applyPulledTunnel, type SiteTunnels } from './tunnel-link.js';

/*
 * One exchange of a site with its hub: enrol (when a code waits), hello (versions, where the hub
 * stands, its request limit, the clock), push from the position the hub names until the outbox is
 * empty, then pull the hub's changes up to a complete checkpoint and apply them. Every step starts
 * from what the hub says, so a lost answer, a cut connection or a crash on either side resumes
 * where the hub is, and a hub restored from an older backup gets what it lost again.
 */

export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export interface UplinkDeps {
  store: Store;
  fetch: Fetch;
  secrets: Sealer;
  log: Logger;
  now: () => number;
  appVersion: string;
  schemaVersion: number;
  timeoutMs: number;
  keepAckedMs: number;
  /** The site map's file store: layers travel beside the drafts and releases that name them. */
  files: AssetFiles;
  /** Rate of acknowledged records, kept per site between exchanges (for the time-left estimate). */
  rates: Map<string, { perSecond: number; at: number }>;
  /** Applies the WireGuard config the hub sends (absent: tunnel configs are ignored). */
  tunnels?: SiteTunnels;
}

/** Room left in a request for the JSON around the parts, and for the hub's own accounting. */
const BODY_MARGIN = 1024;
const PULL_MAX_BYTES = 4 * 1024 * 1024;

/** The outbox as the framing reads it; entries trimmed before the hub kept them are one skip. */
function entrySource(store: Store, scope: SiteScope, keptFrom: number): EntrySource {
  const rows = new Map<number, OutboxRow>();
  return {
    entries(from, limit) {
      const out: OutboxEntry[] = [];
      if (from < keptFrom) out.push({ seq: from, skipTo: keptFrom - 1 });
      for (const row of store.syncSite.entries(scope.siteId, Math.max(from, keptFrom), limit)) {
        rows.set(row.seq, row);
        out.push({ seq: row.seq });
      }
      return out;
    },
    items(entry, after, limit) {
      const row = rows.get(entry.seq);
      if (!row) return { items: [], done: true };
      return store.syncSite.items(scope, row, after, limit);
    },
  };
}

export async function exchange(deps: UplinkDeps, uplink: UplinkRow): Promise<void> {
  const { store, now } = deps;
  const scope = { tenantId: uplink.tenantId, siteId: uplink.siteId };
  const client = createHubClient(deps.fetch, uplink.hubUrl, deps.timeoutMs);
  const versions = {
    protocol: PROTOCOL_VERSION,
    minProtocol: MIN_PEER_PROTOCOL,
    appVersion: deps.appVersion,
    schemaVersion: deps.schemaVersion,
  };
  const update = (patch: Parameters<Store['syncSite']['update']>[1]) => store.syncSite.update(scope, patch, now());
  try {
    let credential = uplink.sealedCredential === null ? null : deps.secrets.open(uplink.sealedCredential);
    if (uplink.state === 'pending') {
      const code = deps.secrets.open(uplink.sealedCode ?? '');
      const site = store.sites.get({ tenantId: uplink.tenantId }, uplink.siteId);
      const answer = await client.post(
        'enrol',
        JSON.stringify({ ...versions, code, site: { id: uplink.siteId, name: site?.name ?? 'Site' }, sentAt: now() }),
        EnrolAnswer,
      );
      credential = answer.credential;
      update({
        state: 'active',
        sealedCode: null,
        sealedCredential: deps.secrets.seal(answer.credential),
        hubId: answer.hubId,
        hubSiteId: answer.siteId,
        hubSiteName: answer.siteName,
        enrolledAt: now(),
        lastError: null,
      });
      deps.log.info({ siteId: uplink.siteId, hubSiteId: answer.siteId }, 'Enrolled with the hub');
      if (answer.tunnel) {
        const { syncUrl, ...doc } = answer.tunnel;
        // From now on the hub answers sync on its tunnel address only.
        if (syncUrl !== null) update({ hubUrl: syncUrl });
        const problem = await bringUpTunnel(deps, scope, doc);
        if (problem !== null) {
          update({ lastError: problem });
          return;
        }
        return exchange(deps, store.syncSite.uplink(scope)!);
      }
    }
    if (credential === null) return;

    const t0 = now();
    const pending = store.syncSite.pending(uplink.siteId, uplink.ackedSeq);
    const hello = await client.post(
      'hello',
      JSON.stringify({
        ...versions,
        sentAt: t0,
        pending: pending.records,
        oldestAt: pending.oldestAt,
        conflicts: store.syncSite.countConflicts(uplink.siteId),
        pullCursor: uplink.pullCursor,
      }),
      HelloAnswer,
      credential,
    );
    const clock = clockSample(t0, hello.receivedAt, hello.answeredAt, now());
    update({
      hubVersion: hello.appVersion,
      maxRequestBytes: hello.maxRequestBytes,
      clockOffsetMs: clock.offsetMs,
      clockMeasuredAt: now(),
      lastContactAt: now(),
      upgrade: hello.upgrade?.message ?? null,
    });
    if (hello.upgrade) throw new HubRequestError(hello.upgrade.message, 409, 'upgrade');
    const fresh = store.syncSite.uplink(scope)!;
    if (hello.acked < fresh.ackedSeq) {
      // The hub is behind what it acknowledged before: restored from an older backup. Everything
      // after its position is sent again; what was trimmed here meanwhile goes as a new snapshot.
      deps.log.warn(
        { siteId: uplink.siteId, hub: hello.acked, site: fresh.ackedSeq },
        'The hub lost records; sending them again',
      );
      if (hello.resume.seq < fresh.keptFrom)
        store.syncSite.enqueueSnapshot(scope, ['groups', 'events', 'media', 'alerts', 'audit', 'docs'], now());
      update({ ackedSeq: hello.acked });
    }
    await pushAll(deps, scope, client, credential, hello.resume, hello.maxRequestBytes);
    await pullCheckpoint(deps, scope, client, credential);
    await exchangeAssets(deps, scope, client, credential);
    update({ lastError: null, lastContactAt: now() });
  } catch (err) {
    let failure =
      err instanceof HubRequestError
        ? err
        : new HubRequestError(
            `Sync stopped on this site: ${err instanceof Error ? err.message : String(err)}`,
            500,
            'internal',
          );
    // An unreachable hub behind a tunnel that is not up: say what is missing here, not only "unreachable".
    const tunnel = failure.status === 0 ? (deps.tunnels?.tunnelProblem(scope) ?? null) : null;
    if (tunnel !== null) failure = new HubRequestError(`${failure.message} ${tunnel}`, 0, failure.code);
    update({
      lastError: failure.message,
      ...(failure.final ? { state: 'refused' as const } : {}),
      ...(failure.status !== 0 ? { lastContactAt: now() } : {}),
    });
    if (!failure.final && failure.status === 0) return;
    deps.log.warn({ siteId: uplink.siteId, code: failure.code, status: failure.status }, failure.message);
  }
}

async function pushAll(
  deps: UplinkDeps,
  scope: SiteScope,
  client: ReturnType<typeof createHubClient>,
  credential: string,
  start: Position,
  maxRequestBytes: number,
): Promise<void> {
  const { store, now } = deps;
  let position = start;
  for (;;) {
    const uplink = store.syncSite.uplink(scope)!;
    const source = entrySource(store, scope, uplink.keptFrom);
    const pending = store.syncSite.pending(scope.siteId, uplink.ackedSeq);
    const frame = buildPushBody(source, position, maxRequestBytes - BODY_MARGIN, {
      pending: pending.records,
      sentAt: now(),
    });
    if (!frame) return;
    const sentAt = now();
    const answer = await client.post('push', frame.body, PushAnswer, credential);
    const elapsed = Math.max(1, now() - sentAt);
    if (answer.records > 0) {
      const perSecond = (answer.records * 1000) / elapsed;
      const previous = deps.rates.get(scope.siteId);
      deps.rates.set(scope.siteId, {
        perSecond: previous ? previous.perSecond * 0.7 + perSecond * 0.3 : perSecond,
        at: now(),
      });
    }
    store.syncSite.update(scope, { ackedSeq: answer.acked, lastPushAt: now(), lastContactAt: now() }, now());
    trimAcknowledged(deps, scope, answer.acked);
    if (answer.outcome !== 'applied' && positionsEqual(answer.resume, position)) {
      // The hub took nothing and still expects the same place: sending it again would loop.
      throw new HubRequestError(
        'The hub keeps refusing the next records without saying why. Check the hub’s log.',
        500,
        'stuck',
      );
    }
    position = answer.resume;
  }
}

const positionsEqual = (a: Position, b: Position) =>
  a.seq === b.seq && a.after === b.after && a.fragment === b.fragment;

/** Deletes acknowledged entries older than `sync.keepAckedDays` (kept for a hub restored from an older backup). */
function trimAcknowledged(deps: UplinkDeps, scope: SiteScope, acked: number): void {
  const { store } = deps;
  const uplink = store.syncSite.uplink(scope)!;
  if (acked < uplink.keptFrom) return;
  if (deps.keepAckedMs === 0) {
    store.syncSite.trim(scope.siteId, acked);
    return;
  }
  const cutoff = deps.now() - deps.keepAckedMs;
  let through = 0;
  for (const row of store.syncSite.entries(scope.siteId, uplink.keptFrom, 5000)) {
    if (row.seq > acked || row.createdAt > cutoff) break;
    through = row.seq;
  }
  if (through > 0) store.syncSite.trim(scope.siteId, through);
}

async function pullCheckpoint(
  deps: UplinkDeps,
  scope: SiteScope,
  client: ReturnType<typeof createHubClient>,
  credential: string,
): Promise<void> {
  const { store, now } = deps;
  const uplink = store.syncSite.uplink(scope)!;
  const changes: PullChange[] = [];
  let cursor = uplink.pullCursor;
  for (;;) {
    const answer = await client.post(
      'pull',
      JSON.stringify({ cursor, maxBytes: PULL_MAX_BYTES, sentAt: now() }),
      PullAnswer,
      credential,
    );
    changes.push(...answer.changes);
    cursor = answer.cursor;
    if (answer.complete) break;
  }
  const latest = store.syncSite.uplink(scope)!;
  // Never over this site's own unsent changes: they go first, and the checkpoint waits for the next round.
  const unsent = store.syncSite.unsentDocs(scope.siteId, latest.ackedSeq);
  if (changes.some((c) => unsent.has(`${c.kind}:${c.docId}`) || unsent.has('docs'))) return;
  if (changes.length > 0) applyCheckpoint(store, scope, changes, now());
  store.syncSite.update(scope, { pullCursor: cursor, lastPullAt: now(), lastContactAt: now() }, now());
  try {
    await applyPulledTunnel(deps.tunnels, scope, changes, deps.log);
  } catch (err) {
    throw new HubRequestError(
      `The hub sent a tunnel config this site could not apply (${err instanceof Error ? err.message : String(err)}). Ask the hub admin to check the site's peer under Tunnels.`,
      500,
      'tunnel',
    );
  }
}

/** The enrolment's tunnel, brought up now; one sentence when it cannot be (a missing privilege or tool). */
async function bringUpTunnel(
  deps: UplinkDeps,
  scope: SiteScope,
  doc: { config: string; interfaceName: string },
): Promise<string | null> {
  if (!deps.tunnels) return 'Enrolled, but this installation does not run tunnels, and the hub syncs through one.';
  try {
    const outcome = await deps.tunnels.applySiteConfig(scope, doc);
    if (outcome.running) return null;
    return `Enrolled, but the tunnel to the hub is not up: ${outcome.problem ?? 'the interface is down'} Sync starts when it is (Settings → Tunnels).`;
  } catch (err) {
    return `Enrolled, but the hub's tunnel config could not be applied: ${err instanceof Error ? err.message : String(err)}`;
  }
}
