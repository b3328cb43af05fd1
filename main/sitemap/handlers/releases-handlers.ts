import {
  OutpostError,
  ReleaseManifestSchema,
  type ReleaseManifest,
  type ReleaseSummary,
  type releasesMethods,
} from '../../contract/index.js';
import { diffReleases } from '../release-diff.js';
import type { ReleaseRow, SiteScope, Store } from '../../store/index.js';
import { sessionOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { SitemapHandlerDeps } from './handler-deps.js';
import { publishDraft } from '../release-publish.js';
import { requireSite } from '../../sites/index.js';

export function releasesHandlers({ store, bus, now }: SitemapHandlerDeps) {
  return {
    'releases.publish': (input, ctx) => {
      const { site, scope } = requireSite(store, ctx, input.siteId);
      const release = publishDraft(store, site, scope, {
        env: input.env,
        note: input.note,
        publishedBy: sessionOf(ctx).userId,
        publishedAt: now(),
      });
      bus.publish(scope.tenantId, 'releases.changed', {
        siteId: scope.siteId,
        env: release.env,
        version: release.version,
        action: 'published',
        at: release.publishedAt,
      });
      return toSummary(release);
    },

    'releases.list': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      return { releases: store.releases.list(scope, input.env).map(toSummary) };
    },

    'releases.get': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const { release, manifest } = releaseOf(store, scope, input.version, 'version');
      return { release: toSummary(release), manifest };
    },

    'releases.rollback': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const release = store.releases.setCurrent(scope, input.env, input.version);
      if (!release) {
        throw new OutpostError(
          'not_found',
          `Version ${input.version} is not a ${input.env} release of this site, so it cannot be made current there. releases.list shows the ${input.env} releases.`,
          { issues: [{ path: 'version', message: `no ${input.env} release with this version` }] },
        );
      }
      bus.publish(scope.tenantId, 'releases.changed', {
        siteId: scope.siteId,
        env: release.env,
        version: release.version,
        action: 'rolled-back',
        at: now(),
      });
      return toSummary(release);
    },

    'releases.diff': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const from = releaseOf(store, scope, input.from, 'from').manifest;
      const to = releaseOf(store, scope, input.to, 'to').manifest;
      return diffReleases(from, to);
    },
  } satisfies Pick<HandlerTable, keyof typeof releasesMethods>;
}

function releaseOf(
  store: Store,
  scope: SiteScope,
  version: number,
  field: string,
): { release: ReleaseRow; manifest: ReleaseManifest } {
  const found = store.releases.get(scope, version);
  if (!found) {
    throw new OutpostError('not_found', `This site has no release ${version}. releases.list shows its releases.`, {
      issues: [{ path: field, message: 'no release with this version' }],
    });
  }
  // The stored bytes are the published ones; parsing checks they still read as a manifest.
  return { release: found.release, manifest: ReleaseManifestSchema.parse(JSON.parse(found.json)) };
}

/** The contract's fields only (the row's tenant stays inside). */
function toSummary(row: ReleaseRow): ReleaseSummary {
  return {
    id: row.id,
    siteId: row.siteId,
    version: row.version,
    env: row.env,
    sha256: row.sha256,
    note: row.note,
    publishedBy: row.publishedBy,
    publishedByEmail: row.publishedByEmail,
    publishedAt: row.publishedAt,
    overlays: row.overlays,
    current: row.current,
  };
}
