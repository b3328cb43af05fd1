import type { Database } from '../../native/sqlite/index.js';
import type { SyncDocKind } from '../contract/index.js';
import { createSyncAlertDocs } from './sync-alert-docs.js';
import { createSyncConfigDocs } from './sync-config-docs.js';
import type { Body, KindDocs } from './sync-doc-kind.js';
import { createSyncDraftDocs } from './sync-draft-doc.js';
import { createSyncReleaseDocs } from './sync-release-docs.js';
import type { SyncDocsRepository } from './sync-types.js';
import { createSyncUserDocs } from './sync-user-docs.js';

/*
 * Documents as JSON bodies, read and written under a site's own ids (see main/sync/protocol's
 * docs.ts for the shapes), one file per kind. The same code runs on both sides: a site writes what
 * the hub sent, the hub what a site sent. Writes never reach into another site: a document id that
 * belongs to another site or tenant is refused, as is a name the tenant already uses elsewhere.
 */
export function createSyncDocs(db: Database): SyncDocsRepository {
  const draft = createSyncDraftDocs(db);
  const alerts = createSyncAlertDocs(db);
  const kinds: Record<SyncDocKind, KindDocs> = {
    ...createSyncConfigDocs(db),
    sitemapDraft: {
      read: (scope) => draft.read(scope),
      write: (scope, _docId, body, at) => draft.write(scope, body as Parameters<typeof draft.write>[1], at),
      ids: (scope) => (draft.read(scope) === null ? [] : ['draft']),
    },
    user: createSyncUserDocs(db),
    ...createSyncReleaseDocs(db),
    alert: alerts.docs,
    // Rendered by the tunnels slice, never stored as a document.
    tunnel: { read: () => null, write: () => {}, ids: () => [] },
  };
  return {
    read: (scope, kind, docId) => kinds[kind].read(scope, docId),
    write: (scope, kind, docId, body, at) => kinds[kind].write(scope, docId, body as Body | null, at),
    ids: (scope, kind) => kinds[kind].ids(scope),
    alertCopy: alerts.copyOf,
  };
}
