import type { SiteScope, Store } from '../store/index.js';
import { jsonEqual, mergeThreeWay, parseDocBody, type PullChange } from './protocol/index.js';

/*
 * Applying the hub's changes on a site, a complete checkpoint at a time (PowerSync's rule): all of
 * it in one transaction, or nothing, and never while this site's own changes to documents wait to
 * be sent (the caller checks). A document changed here since the version both sides last agreed
 * on is merged field by field; fields both sides changed differently become a conflict a user
 * resolves, and the local version stays meanwhile: nothing is overwritten silently.
 */

export interface CheckpointOutcome {
  applied: number;
  merged: number;
  conflicts: number;
}

export function applyCheckpoint(store: Store, scope: SiteScope, changes: PullChange[], at: number): CheckpointOutcome {
  const outcome: CheckpointOutcome = { applied: 0, merged: 0, conflicts: 0 };
  // Merged bodies are written after the quiet transaction, so the outbox sends them to the hub.
  const mergedWrites: { change: PullChange; body: unknown }[] = [];
  store.syncGuarded(() => {
    for (const change of changes) {
      const hubBody = change.body === null ? null : parseDocBody(change.kind, change.body);
      // A tunnel config holds the site's private key: its base keeps the version only (the tunnels
      // slice keeps the key, sealed).
      const base = {
        baseVersion: change.version,
        baseBody: change.kind === 'tunnel' ? null : hubBody,
        readOnly: change.readOnly,
      };
      if (change.fromSite || change.readOnly) {
        // Our own change come back, or one only the hub makes: take it as it is.
        if (!change.fromSite) store.syncDocs.write(scope, change.kind, change.docId, hubBody, at);
        store.syncSite.setDocBase(scope.siteId, change.kind, change.docId, base);
        outcome.applied++;
        continue;
      }
      const local = store.syncDocs.read(scope, change.kind, change.docId) ?? null;
      const agreed = store.syncSite.docBase(scope.siteId, change.kind, change.docId)?.baseBody ?? null;
      if (jsonEqual(local, agreed) || jsonEqual(local, hubBody)) {
        if (!jsonEqual(local, hubBody)) store.syncDocs.write(scope, change.kind, change.docId, hubBody, at);
        store.syncSite.setDocBase(scope.siteId, change.kind, change.docId, base);
        outcome.applied++;
        continue;
      }
      const { merged, conflicts } = mergeThreeWay(agreed, local, hubBody);
      if (conflicts.length === 0) {
        store.syncSite.setDocBase(scope.siteId, change.kind, change.docId, base);
        mergedWrites.push({ change, body: merged });
        outcome.merged++;
        continue;
      }
      store.syncSite.recordConflict(
        scope,
        {
          kind: change.kind,
          docId: change.docId,
          fields: conflicts,
          base: agreed,
          local,
          hub: hubBody,
          hubVersion: change.version,
          readOnly: false,
        },
        at,
      );
      outcome.conflicts++;
    }
  });
  for (const { change, body } of mergedWrites) store.syncDocs.write(scope, change.kind, change.docId, body, at);
  return outcome;
}

/** Ends a conflict: the kept body becomes this site's document and is sent to the hub over the hub's version. */
export function resolveConflict(
  store: Store,
  scope: SiteScope,
  conflict: { id: string; kind: PullChange['kind']; docId: string; hub: unknown; hubVersion: number },
  keep: unknown,
  by: string,
  resolution: string,
  at: number,
): void {
  store.syncGuarded(() => {
    store.syncSite.setDocBase(scope.siteId, conflict.kind, conflict.docId, {
      baseVersion: conflict.hubVersion,
      baseBody: conflict.hub,
      readOnly: false,
    });
    store.syncSite.resolveConflict({ tenantId: scope.tenantId }, conflict.id, by, resolution, at);
    if (jsonEqual(keep, conflict.hub)) store.syncDocs.write(scope, conflict.kind, conflict.docId, keep, at);
  });
  // Anything but the hub's own version is a change of this site's: written outside the quiet
  // transaction, so the outbox sends it (based on the hub's version, which the hub then accepts).
  if (!jsonEqual(keep, conflict.hub)) store.syncDocs.write(scope, conflict.kind, conflict.docId, keep, at);
}
