import type { Role } from '../contract/index.js';
import type { EventMediaRepository } from './event-media-repository.js';
import type { MediaRepository } from './media-types.js';
import type { ArchiveRepository } from './archive-repository.js';
import type { RetentionRepository } from './retention-repository.js';
import type { MediaFetchesRepository } from './media-fetches-repository.js';
import type { PipelineRepositories } from './pipeline-types.js';
import type { SitemapRepositories } from './sitemap-types.js';
import type { TunnelsRepository } from './tunnels-types.js';
import type { HomeRepository } from './home-repository.js';
import type { SiteRemovalRepository } from './site-removal-repository.js';
import type { UserLinksRepository } from './user-links-repository.js';
import type { SyncDocsRepository, SyncFilesRepository, SyncHubRepository, SyncSiteRepository } from './sync-types.js';
import type { SyncApplier } from './sync-hub-apply.js';

/**
 * Every repository method that touches customer data takes a Scope. There is no unscoped
 * query path: a method without a scope parameter only touches installation-wide rows
 * (tenants, the pre-authentication credential lookup).
 */
export interface Scope {
  tenantId: string;
  siteId?: string;
}

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  createdAt: number;
  /** Set while the tenant is disabled: its users cannot sign in and its sources do not run. */
  disabledAt: number | null;
}

export interface UserRow {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  disabledAt: number | null;
  /** May manage the installation's tenants (`tenants.*`); grants nothing inside other tenants. */
  installationAdmin: boolean;
}

/** Only the credential lookup returns the hash; list/get never do. */
export interface CredentialRow {
  userId: string;
  tenantId: string;
  email: string;
  role: Role;
  passwordHash: string;
  disabledAt: number | null;
}

export interface SiteRow {
  id: string;
  tenantId: string;
  name: string;
  slug: string;
  timezone: string;
  address: string;
  createdAt: number;
  updatedAt: number;
}

export interface SessionRow {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  address: string;
  userAgent: string;
}

export interface AuditEntry {
  id: string;
  tenantId: string;
  /** Null for actions without a signed-in user (a failed login, the CLI). */
  actorUserId: string | null;
  actorEmail: string;
  /** The contract method or the CLI command, e.g. `sites.create`, `cli.user.add`. */
  action: string;
  /** Id of the thing acted on, when there is one. */
  targetId: string | null;
  /** JSON with secrets already removed by the caller. */
  detail: string;
  outcome: 'ok' | 'denied' | 'failed';
  transport: string;
  address: string;
  at: number;
}

export interface MigrationInfo {
  version: number;
  name: string;
  checksum: string;
  appliedAt: number | null;
}

export interface MigrationStatus {
  current: number;
  latest: number;
  applied: MigrationInfo[];
  pending: MigrationInfo[];
}

export interface Store extends PipelineRepositories, SitemapRepositories {
  /** Absolute path of the SQLite file. */
  readonly path: string;
  versions(): { sqlite: string; sqliteVec: string; schema: number };
  /** Runs `fn` in one write transaction (better-sqlite3 transactions are synchronous). */
  transaction<T>(fn: () => T): T;
  /** Whether the scope may read a stored snapshot or clip (an event of it references the hash). */
  eventMedia: EventMediaRepository;
  /** WireGuard interfaces, peers, grants, one-time links and minute rollups (keys sealed by the slice). */
  tunnels: TunnelsRepository;
  /** Media rows (ids, thumbnails, keeps, retention and archive state); see main/media. */
  media: MediaRepository;
  /** Archive targets and resumable uploads. */
  archive: ArchiveRepository;
  /** Retention rules per site. */
  retention: RetentionRepository;
  /** Files to fetch from devices' APIs (Frigate) for stored events. */
  mediaFetches: MediaFetchesRepository;
  /** Invitation and password-reset links (hashes of their tokens). */
  userLinks: UserLinksRepository;
  /** Home's visits per user and the tenants' sample sites. */
  home: HomeRepository;
  /** What removing a site takes with it, and the removal itself (one transaction). */
  siteRemoval: SiteRemovalRepository;
  /** Sync, site side: uplinks, the outbox, document bases, conflicts. */
  syncSite: SyncSiteRepository;
  /** Sync, hub side: enrolments, enrolled sites, the change log. */
  syncHub: SyncHubRepository;
  /** Documents as JSON bodies, read and written under a site's own ids (both sides). */
  syncDocs: SyncDocsRepository;
  syncFiles: SyncFilesRepository;
  /** The hub's copies of a site's records. */
  syncApply: SyncApplier;
  /**
   * Runs `fn` in one transaction in which sync's triggers stay quiet: what sync writes because the
   * other side sent it is not queued to be sent back.
   */
  syncGuarded<T>(fn: () => T): T;

  tenants: {
    create(data: { slug: string; name: string }): TenantRow;
    get(id: string): TenantRow | undefined;
    getBySlug(slug: string): TenantRow | undefined;
    list(): TenantRow[];
    /** The `default` tenant, created on first use; single-tenant installs never see another. */
    ensureDefault(): TenantRow;
    /** Disables (a time) or enables (null) a tenant; undefined when there is no such tenant. */
    setDisabled(id: string, disabledAt: number | null): TenantRow | undefined;
  };

  /** The one pre-authentication lookup: emails are unique per tenant, and signing in names the tenant. */
  credentials: {
    find(tenantId: string, email: string): CredentialRow | undefined;
  };

  users: {
    /** Throws OutpostError `conflict` when the email is taken in the scope's tenant. */
    create(
      scope: Scope,
      data: { email: string; name: string; role: Role; passwordHash: string; installationAdmin?: boolean },
    ): UserRow;
    /**
     * The installation's first user: an admin of the scope's tenant and an installation admin, created
     * only while the installation has no user at all (one statement, so concurrent first runs cannot
     * both succeed). Undefined when a user exists already.
     */
    createFirst(scope: Scope, data: { email: string; name: string; passwordHash: string }): UserRow | undefined;
    get(scope: Scope, id: string): UserRow | undefined;
    list(scope: Scope): UserRow[];
    /** Name and role; undefined when the user is not in the scope's tenant. */
    update(scope: Scope, id: string, patch: { name?: string; role?: Role }): UserRow | undefined;
    /** Disables (a time) or enables (null); undefined when the user is not in the scope's tenant. */
    setDisabled(scope: Scope, id: string, disabledAt: number | null): UserRow | undefined;
    /** Replaces the password hash; false when the user is not in the scope's tenant. */
    setPasswordHash(scope: Scope, id: string, passwordHash: string): boolean;
    /** Enabled admins of the scope's tenant (the last one may not be demoted or disabled). */
    countEnabledAdmins(scope: Scope): number;
    /** When each user of the tenant last signed in (users who never did are absent). */
    lastSignIns(scope: Scope): Map<string, number>;
    /** Users in all tenants; used to know whether the installation has any admin yet. */
    countAll(): number;
    /** Installation admins in all tenants (enabled ones); the first admin becomes one when there is none. */
    countInstallationAdmins(): number;
    /** Users per tenant id, for the installation admin's tenant list (tenants without users are absent). */
    countByTenant(): Map<string, number>;
  };

  sites: {
    list(scope: Scope): SiteRow[];
    get(scope: Scope, id: string): SiteRow | undefined;
    /** Throws OutpostError `conflict` when the slug is taken in the tenant. */
    create(scope: Scope, data: { name: string; slug: string; timezone: string; address: string }): SiteRow;
    /**
     * Returns undefined when the site is not in the scope. Throws `conflict` on a slug taken in the
     * tenant, or by another site's public address when this site has published (its address follows the slug).
     */
    update(
      scope: Scope,
      id: string,
      patch: Partial<{ name: string; slug: string; timezone: string; address: string }>,
    ): SiteRow | undefined;
    /** The tenant's `default` site, created on first use (where sources go when no site is named). */
    ensureDefault(scope: Scope): SiteRow;
  };

  sessions: {
    create(scope: Scope, data: { userId: string; expiresAt: number; address: string; userAgent: string }): SessionRow;
    get(scope: Scope, id: string): SessionRow | undefined;
    /** Returns false when there was no such live session in the scope. */
    revoke(scope: Scope, id: string): boolean;
    /** Ends every live session of one user (signed out everywhere, disabled, password reset); returns how many. */
    revokeUser(scope: Scope, userId: string): number;
    /** Ends every live session of the scope's tenant (it was disabled); returns how many. */
    revokeAll(scope: Scope): number;
    /** Whether the user signed in from `address` at or after `since` (the login limiter trusts such addresses more). */
    seenFrom(scope: Scope, userId: string, address: string, since: number): boolean;
  };

  audit: {
    write(scope: Scope, entry: Omit<AuditEntry, 'id' | 'tenantId' | 'at'> & { at?: number }): AuditEntry;
    list(scope: Scope, options?: { limit?: number; before?: number }): AuditEntry[];
  };

  close(): void;
}
