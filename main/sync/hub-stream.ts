import { z } from 'zod';
import { OutpostError } from '../contract/index.js';
import type { HubSiteRow, SiteScope, Store } from '../store/index.js';
import {
  advance,
  expectedPosition,
  fnv1a,
  isTwoWayKind,
  judgePart,
  parseDocBody,
  PushRecord,
  type HubCursor,
  type Part,
  type PullAnswer,
  type PullChange,
  type PullRequest,
  type PushAnswer,
  type PushRequest,
} from './protocol/index.js';

/*
 * The hub's side of one site's streams. Push: a request's parts are judged against where the
 * site's stream stands (watermark.ts) and applied in one transaction with sync's triggers quiet,
 * so a replayed, duplicated or reordered request changes nothing and a crash mid-apply leaves the
 * position where it was. Pull: the site's change log from its cursor, bodies read now.
 */

const PULL_PAGE = 500;

function cursorOf(site: HubSiteRow): HubCursor {
  return {
    acked: site.ackedSeq,
    partial:
      site.partialSeq === null
        ? null
        : { seq: site.partialSeq, after: site.partialAfter, fragment: site.partialFragment },
  };
}

function invalid(path: string, message: string): OutpostError {
  return new OutpostError('invalid_input', `The site sent a record the hub cannot take (${path}: ${message}).`, {
    issues: [{ path, message }],
  });
}

/** Renders a `tunnel` document for the site (its config now); null when it has none. */
export type TunnelRenderer = (site: HubSiteRow, peerId: string) => unknown;

export function createHubStream(store: Store, renderTunnel: TunnelRenderer = () => null) {
  function applyRecord(scope: SiteScope, raw: unknown, receivedAt: number, where: string): void {
    const parsed = PushRecord.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`${where}.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'not a record');
    }
    const r = parsed.data;
    const row = r as unknown as Record<string, unknown>;
    switch (r.type) {
      case 'event':
        return store.syncApply.event(scope, row, receivedAt);
      case 'group':
        return store.syncApply.group(scope, row, receivedAt);
      case 'groupMerge':
        return store.syncApply.groupMerge(scope, row, receivedAt);
      case 'templateMove':
        return store.syncApply.templateMove(scope, row, receivedAt);
      case 'alert':
        store.syncApply.alert(scope, row, receivedAt);
        return;
      case 'audit':
        return store.syncApply.audit(scope, row);
      case 'media':
        return store.syncApply.media(scope, row, receivedAt);
      case 'doc': {
        if (!isTwoWayKind(r.kind)) throw invalid(`${where}.kind`, `a site may not change ${r.kind} documents`);
        const body = z
          .unknown()
          .transform((b) => parseDocBody(r.kind, b))
          .safeParse(r.body);
        if (!body.success) throw invalid(`${where}.body`, body.error.issues[0]?.message ?? 'not a document');
        // The site's version goes in only over the version it was based on; otherwise the hub's
        // stays and the site merges it at its next pull (a conflict the site's user resolves).
        const current = store.syncHub.docVersion(scope.siteId, r.kind, r.docId);
        if (current.version !== r.baseVersion) return;
        store.syncDocs.write(scope, r.kind, r.docId, body.data, receivedAt);
        store.syncHub.logChange(scope, r.kind, r.docId, 'site', receivedAt);
        return;
      }
    }
  }

  /** Applies one part; for fragments, stages them until the record is whole. */
  function applyPart(scope: SiteScope, part: Part, receivedAt: number, where: string): number {
    if (part.skipTo !== undefined) return 0;
    const fragment = part.fragment;
    if (!fragment) {
      for (const [i, record] of part.records.entries()) applyRecord(scope, record, receivedAt, `${where}.records.${i}`);
      return part.records.length;
    }
    if (fragment.index === 0) store.syncHub.clearFragments(scope.siteId);
    store.syncHub.stageFragment(scope.siteId, fragment.index, fragment.checksum, fragment.text);
    if (fragment.index + 1 < fragment.count) return 0;
    const staged = store.syncHub.fragments(scope.siteId);
    const whole = staged.map((f) => f.text).join('');
    store.syncHub.clearFragments(scope.siteId);
    if (staged.length !== fragment.count || whole.length !== fragment.length || fnv1a(whole) !== fragment.checksum) {
      throw invalid(`${where}.fragment`, 'the pieces of a large record do not add up; the site sends it again');
    }
    let records: unknown;
    try {
      records = JSON.parse(whole);
    } catch {
      throw invalid(`${where}.fragment`, 'a large record is not JSON');
    }
    if (!Array.isArray(records)) throw invalid(`${where}.fragment`, 'a large record is not a list');
    for (const [i, record] of records.entries()) applyRecord(scope, record, receivedAt, `${where}.fragment.${i}`);
    return records.length;
  }

  function push(site: HubSiteRow, request: PushRequest, receivedAt: number, now: () => number): PushAnswer {
    const scope = { tenantId: site.tenantId, siteId: site.siteId };
    return store.syncGuarded(() => {
      let cursor = cursorOf(site);
      let applied = 0;
      let records = 0;
      let gap = false;
      for (const [i, part] of request.parts.entries()) {
        const verdict = judgePart(cursor, part);
        if (verdict === 'skip') continue;
        if (verdict === 'stop') {
          gap = true;
          break;
        }
        records += applyPart(scope, part as Part, receivedAt, `parts.${i}`);
        cursor = advance(cursor, part);
        applied++;
      }
      store.syncHub.update(site.siteId, {
        ackedSeq: cursor.acked,
        partialSeq: cursor.partial?.seq ?? null,
        partialAfter: cursor.partial?.after ?? null,
        partialFragment: cursor.partial?.fragment ?? 0,
        pending: request.pending,
        lastPushAt: receivedAt,
        lastSyncAt: receivedAt,
      });
      return {
        acked: cursor.acked,
        resume: expectedPosition(cursor),
        outcome: applied > 0 ? 'applied' : gap ? 'gap' : 'duplicate',
        records,
        receivedAt,
        answeredAt: now(),
      };
    });
  }

  function pull(site: HubSiteRow, request: PullRequest, receivedAt: number, now: () => number): PullAnswer {
    const scope = { tenantId: site.tenantId, siteId: site.siteId };
    const rows = store.syncHub.changes(site.siteId, request.cursor, PULL_PAGE + 1);
    const changes: PullChange[] = [];
    let cursor = request.cursor;
    let bytes = 0;
    let complete = rows.length <= PULL_PAGE;
    for (const row of rows.slice(0, PULL_PAGE)) {
      const body =
        row.kind === 'tunnel'
          ? (renderTunnel(site, row.docId) ?? null)
          : (store.syncDocs.read(scope, row.kind, row.docId) ?? null);
      const change: PullChange = {
        seq: row.seq,
        kind: row.kind,
        docId: row.docId,
        version: row.version,
        readOnly: !isTwoWayKind(row.kind),
        fromSite: row.origin === 'site',
        body,
      };
      const size = JSON.stringify(change).length;
      if (changes.length > 0 && bytes + size > request.maxBytes) {
        complete = false;
        break;
      }
      bytes += size;
      changes.push(change);
      cursor = row.seq;
    }
    store.syncHub.update(site.siteId, { pullCursor: request.cursor, lastPullAt: receivedAt, lastSyncAt: receivedAt });
    return { changes, cursor, complete, receivedAt, answeredAt: now() };
  }

  return { push, pull, position: (site: HubSiteRow) => cursorOf(site) };
}

export type HubStream = ReturnType<typeof createHubStream>;
