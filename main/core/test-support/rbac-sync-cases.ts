import { expect } from 'vitest';
import type { syncMethods } from '../../contract/index.js';
import type { Store } from '../../store/index.js';
import type { Caller, MatrixCase } from './rbac-matrix-cases.js';

/**
 * Sync for the RBAC matrix. The matrix's Core runs as a site, so the hub's methods answer
 * `conflict` (naming `--role hub`) to everyone allowed to call them, and `forbidden` to the rest:
 * the role is checked after access. Site methods work on a site of tenant A of their own (enrolling
 * it with an unreachable hub leaves it pending), so no other row sees an enrolled site; each caller
 * resolves a conflict of its own. The hub's tenant isolation is tested on a real hub in
 * main/sync/sync.test.ts.
 */
export interface SyncFixtures {
  siteId: string;
  conflicts: Record<string, string>;
}

export function seedSync(store: Store, tenantId: string, callers: readonly Caller[]): SyncFixtures {
  const scope = { tenantId };
  const site = store.sites.create(scope, { name: 'Sync yard', slug: 'sync-yard', timezone: 'UTC', address: '' });
  const siteScope = { tenantId, siteId: site.id };
  for (const caller of callers) {
    store.syncSite.recordConflict(
      siteScope,
      {
        kind: 'sitemapDraft',
        docId: `draft-of-${caller}`,
        fields: ['overlays'],
        base: null,
        local: null,
        hub: null,
        hubVersion: 1,
        readOnly: false,
      },
      Date.now(),
    );
  }
  const conflicts = Object.fromEntries(store.syncSite.conflicts(scope, site.id).map((c) => [c.docId.slice(9), c.id]));
  return { siteId: site.id, conflicts };
}

const HUB_ONLY = { expect: 'conflict', check: () => undefined } as const;
const hidden = { expect: 'not_found', check: () => undefined } as const;

export const syncCases: Record<keyof typeof syncMethods, MatrixCase> = {
  'sync.createEnrolment': { input: () => ({ siteName: 'Matrix yard' }), otherTenant: HUB_ONLY },
  'sync.enrol': {
    // 192.0.2.0/24 is for documentation: never reached (the outbound guard refuses it first).
    input: (f) => ({ hubUrl: 'http://192.0.2.1:4870', code: 'K7M2Q-9XH4T-RB3WD-06NYE', siteId: f.s.siteId }),
    otherTenant: hidden,
  },
  'sync.status': { input: (f) => ({ siteId: f.s.siteId }), otherTenant: hidden },
  'sync.now': { input: (f) => ({ siteId: f.s.siteId }), otherTenant: hidden },
  'sync.conflicts': { input: (f) => ({ siteId: f.s.siteId }), otherTenant: hidden },
  'sync.resolveConflict': {
    input: (f, caller: Caller) => ({ id: f.s.conflicts[caller] ?? f.s.conflicts.admin, keep: 'hub' }),
    otherTenant: {
      expect: 'not_found',
      check: (f) => expect(f.s.conflicts.admin).toBeDefined(),
    },
  },
  'hub.sites': { input: () => ({}), otherTenant: HUB_ONLY },
  'hub.enrolments': { input: () => ({}), otherTenant: HUB_ONLY },
  'hub.revokeSite': { input: (f) => ({ siteId: f.s.siteId }), otherTenant: HUB_ONLY },
  'hub.search': { input: () => ({ text: 'door' }), otherTenant: HUB_ONLY },
};
