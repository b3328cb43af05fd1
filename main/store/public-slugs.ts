import { OutpostError } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import type { SiteScope } from './pipeline-types.js';

/**
 * The public endpoints' namespace (`/api/public/{slug}/`). Site slugs are only unique per tenant,
 * so a site claims its slug installation-wide when it first publishes, and the claim follows the
 * site when its slug is renamed. Callers run these inside their own transaction.
 */
export interface PublicSlugs {
  /** Claims `slug` for the site, moving the site's claim if it held another; `conflict` when another site holds it. */
  claim(scope: SiteScope, slug: string): void;
  /** After a slug rename: moves the site's claim, if it has one, to `slug`; `conflict` when another site holds it. */
  follow(scope: SiteScope, slug: string): void;
}

function taken(slug: string, nextStep: string): OutpostError {
  return new OutpostError(
    'conflict',
    `The public address /api/public/${slug}/ is already used by another site's published map. ${nextStep}`,
  );
}

export function createPublicSlugs(db: Database): PublicSlugs {
  const ownerOf = db.prepare<[string], string>('SELECT site_id FROM public_slugs WHERE slug = ?').pluck();
  const claimOf = db
    .prepare<[string, string], string>('SELECT slug FROM public_slugs WHERE site_id = ? AND tenant_id = ?')
    .pluck();
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO public_slugs (slug, tenant_id, site_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const move = db.prepare<[string, string, string]>(
    'UPDATE public_slugs SET slug = ? WHERE site_id = ? AND tenant_id = ?',
  );

  return {
    claim(scope, slug) {
      insert.run(slug, scope.tenantId, scope.siteId);
      const owner = ownerOf.get(slug);
      if (owner === scope.siteId) return;
      if (owner !== undefined) {
        throw taken(slug, 'Give this site another slug (Settings → Sites) and publish again.');
      }
      // The insert did nothing because the site already held a claim under an older slug.
      move.run(slug, scope.siteId, scope.tenantId);
    },
    follow(scope, slug) {
      const held = claimOf.get(scope.siteId, scope.tenantId);
      if (held === undefined || held === slug) return;
      const owner = ownerOf.get(slug);
      if (owner !== undefined && owner !== scope.siteId) throw taken(slug, 'Choose another slug for this site.');
      move.run(slug, scope.siteId, scope.tenantId);
    },
  };
}
