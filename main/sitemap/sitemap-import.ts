import { OutpostError, type ImportOverlaysOutput, type Overlay } from '../contract/index.js';
import { planOverlayImportAsync } from './overlay-import.js';
import type { SiteScope } from '../store/index.js';
import type { SitemapHandlerDeps } from './handlers/handler-deps.js';

export interface OverlayImportRequest {
  format: 'csv' | 'json';
  /** Exactly one of the two (the contract checks it): text, or the file's bytes in base64. */
  content?: string | undefined;
  contentBase64?: string | undefined;
  dryRun: boolean;
  progressId?: string | undefined;
}

/** Rejected rows listed in a failed commit's error; the dry run lists them all. */
const ISSUES_SHOWN = 100;

/**
 * Bulk import of overlays into a site's draft. The plan (the dry run) is made against the draft as
 * it is when the call starts; a commit writes every created and updated row in one store call, or
 * nothing: not when any row is rejected, and not when the draft changed while the file was being
 * planned (the plan would be stale).
 */
export async function importOverlays(
  deps: Pick<SitemapHandlerDeps, 'store' | 'bus' | 'config'>,
  scope: SiteScope,
  request: OverlayImportRequest,
): Promise<ImportOverlaysOutput> {
  const { store, bus } = deps;
  const { siteId, tenantId } = scope;
  const { revision } = store.sitemap.draft(scope);
  const existing = store.sitemap.overlays(scope);
  const { progressId } = request;
  const plan = await planOverlayImportAsync(
    existing,
    // Bytes are decoded as UTF-8 by the plan, which names the first line that is not.
    { format: request.format, content: request.content ?? Buffer.from(request.contentBase64 ?? '', 'base64') },
    {
      maxRows: deps.config.sitemap.maxImportRows,
      ...(progressId === undefined
        ? {}
        : {
            onProgress: (done, total) =>
              bus.publish(tenantId, 'sitemap.importProgress', { siteId, progressId, done, total }),
          }),
    },
  );
  const answer = { rows: plan.rows, summary: plan.summary, ok: plan.ok };
  if (request.dryRun) return { ...answer, committed: false, revision };

  if (!plan.ok) {
    const rejected = plan.rows.filter((r) => r.outcome === 'rejected');
    throw new OutpostError(
      'invalid_input',
      `${rejected.length === 1 ? '1 row is' : `${rejected.length} rows are`} rejected; nothing was imported. Fix ${rejected.length === 1 ? 'it' : 'them'} and import again.`,
      {
        issues: rejected.slice(0, ISSUES_SHOWN).map((r) => ({ path: `line ${r.line}`, message: r.reasons.join('; ') })),
      },
    );
  }
  const upserts: Overlay[] = [];
  for (const row of plan.rows) {
    if ((row.outcome === 'created' || row.outcome === 'updated') && row.overlay) upserts.push(row.overlay);
  }
  // Every row is already in the draft: there is nothing to write, and the draft stays as it is.
  if (upserts.length === 0) return { ...answer, committed: true, revision };

  let written: { revision: number };
  try {
    written = store.sitemap.applyOverlayChanges(scope, { baseRevision: revision, upserts, deletes: [] });
  } catch (err) {
    if (err instanceof OutpostError && err.code === 'conflict') {
      throw new OutpostError(
        'conflict',
        'The map was changed while the file was being checked, so nothing was imported. Import the file again.',
        { cause: err },
      );
    }
    throw err;
  }
  bus.publish(tenantId, 'sitemap.changed', { siteId, revision: written.revision });
  return { ...answer, committed: true, revision: written.revision };
}
