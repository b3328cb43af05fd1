import type {
  Access,
  FILE_SOURCE_KINDS as CONTRACT_FILE_KINDS,
  MethodName,
  Role,
  SourceKindName,
} from '../../main/contract/index.js';

/**
 * The contract's role order, lowest first. Duplicated because the renderer may import only types
 * from the contract; the two checks below fail the typecheck if the lists drift apart.
 */
export const ROLE_ORDER = ['viewer', 'operator', 'technician', 'admin'] as const satisfies readonly Role[];
type MissingRoles = Exclude<Role, (typeof ROLE_ORDER)[number]>;
const everyRoleListed: MissingRoles extends never ? true : MissingRoles = true;
void everyRoleListed;

/**
 * Who may call what, copied from the contract's `access` fields. Only for hiding what the user
 * cannot do: the server enforces roles on every call regardless. A new contract method makes
 * this map fail to typecheck until it is added here.
 */
const METHOD_ACCESS = {
  'system.health': 'public',
  'system.info': 'viewer',
  'auth.login': 'public',
  'auth.logout': 'viewer',
  'auth.me': 'viewer',
  'users.list': 'admin',
  'users.create': 'admin',
  'tenants.list': 'installation',
  'tenants.create': 'installation',
  'tenants.disable': 'installation',
  'tenants.enable': 'installation',
  'sites.list': 'viewer',
  'sites.create': 'admin',
  'sites.update': 'technician',
  'events.list': 'viewer',
  'events.get': 'viewer',
  'events.acknowledge': 'operator',
  'groups.list': 'viewer',
  'groups.get': 'viewer',
  'groups.similar': 'viewer',
  'groups.merge': 'technician',
  'groups.split': 'technician',
  'groups.splitByPosition': 'technician',
  'groups.tag': 'technician',
  'alerts.list': 'viewer',
  'alerts.acknowledge': 'operator',
  'alerts.resolve': 'operator',
  'alertRules.list': 'viewer',
  'alertRules.create': 'technician',
  'alertRules.update': 'technician',
  'alertRules.delete': 'technician',
  'sources.list': 'viewer',
  'sources.get': 'viewer',
  'sources.create': 'technician',
  'sources.update': 'technician',
  'sources.delete': 'technician',
  'sources.test': 'technician',
  'sources.health': 'viewer',
  'devices.list': 'viewer',
  'devices.setSite': 'technician',
  'search.query': 'viewer',
  'sitemap.get': 'viewer',
  'sitemap.uploadAsset': 'technician',
  'sitemap.assetContent': 'viewer',
  'sitemap.saveOverlays': 'technician',
  'sitemap.importOverlays': 'technician',
  'sitemap.entities': 'viewer',
  'sitemap.status': 'viewer',
  'sitemap.entity': 'viewer',
  'sitemap.clear': 'technician',
  'integrations.get': 'viewer',
  'integrations.set': 'technician',
  'integrations.test': 'technician',
  'releases.publish': 'technician',
  'releases.list': 'viewer',
  'releases.get': 'viewer',
  'releases.rollback': 'technician',
  'releases.diff': 'viewer',
  'tunnels.list': 'operator',
  'tunnels.status': 'operator',
  'tunnels.history': 'operator',
  'tunnels.createInterface': 'admin',
  'tunnels.updateInterface': 'admin',
  'tunnels.removeInterface': 'admin',
  'tunnels.up': 'technician',
  'tunnels.down': 'technician',
  'tunnels.addPeer': 'admin',
  'tunnels.updatePeer': 'admin',
  'tunnels.removePeer': 'admin',
  'tunnels.rotateKeys': 'admin',
  'tunnels.rotateHubKey': 'admin',
  'tunnels.finishHubRotation': 'admin',
  'tunnels.setReachability': 'admin',
  'tunnels.exportConfig': 'admin',
  'tunnels.createLink': 'admin',
  'tunnels.importConfig': 'technician',
  'media.get': 'viewer',
  'media.protect': 'operator',
  'media.export': 'operator',
  'media.usage': 'viewer',
  'media.retention': 'viewer',
  'media.setRetention': 'admin',
  'media.reconcile': 'admin',
  'archive.configure': 'admin',
  'archive.test': 'admin',
  'archive.run': 'technician',
  'archive.status': 'viewer',
  'archive.restore': 'operator',
  'archive.exportKey': 'admin',
  'archive.importKey': 'admin',
  'auth.firstRun': 'public',
  'auth.createFirstAdmin': 'public',
  'auth.passwordLink': 'public',
  'auth.setPassword': 'public',
  'users.invite': 'admin',
  'users.update': 'admin',
  'users.resetPassword': 'admin',
  'users.revokeSessions': 'admin',
  'sites.removalImpact': 'admin',
  'sites.remove': 'admin',
  'home.get': 'viewer',
  'home.markVisited': 'viewer',
  'home.cacheStats': 'admin',
  'home.invalidate': 'admin',
  'sample.status': 'viewer',
  'sample.load': 'admin',
  'sample.remove': 'admin',
  'sync.createEnrolment': 'admin',
  'sync.enrol': 'admin',
  'sync.status': 'viewer',
  'sync.now': 'technician',
  'sync.conflicts': 'operator',
  'sync.resolveConflict': 'technician',
  'hub.sites': 'operator',
  'hub.enrolments': 'admin',
  'hub.revokeSite': 'admin',
  'hub.search': 'viewer',
} as const satisfies Record<MethodName, Access>;

export function roleAtLeast(actual: Role, required: Role): boolean {
  return ROLE_ORDER.indexOf(actual) >= ROLE_ORDER.indexOf(required);
}

/**
 * Whether a user with `role` (or nobody, when signed out) may call `method`. Installation methods
 * (tenants) depend on the user's flag, not the role: see `mayManageTenants`.
 */
export function can(role: Role | null | undefined, method: MethodName): boolean {
  const required: Access = METHOD_ACCESS[method];
  if (required === 'public') return true;
  if (required === 'installation') return false;
  return role != null && roleAtLeast(role, required);
}

/** Whether the signed-in user is an installation admin, who may call the `tenants.*` methods. */
export function mayManageTenants(user: { installationAdmin: boolean } | null | undefined): boolean {
  return user?.installationAdmin === true;
}

/**
 * Source kinds that read the server's files: only admins manage them (the contract's
 * FILE_SOURCE_KINDS, redeclared; the two checks fail the typecheck if the lists drift apart).
 */
export const FILE_SOURCE_KINDS = [
  'folder',
  'logfile',
] as const satisfies readonly (typeof CONTRACT_FILE_KINDS)[number][];
type MissingFileKinds = Exclude<(typeof CONTRACT_FILE_KINDS)[number], (typeof FILE_SOURCE_KINDS)[number]>;
const everyFileKindListed: MissingFileKinds extends never ? true : MissingFileKinds = true;
void everyFileKindListed;

/** Whether `role` may create, change, test or delete a source of `kind` (file-reading kinds: admins only). */
export function canManageSource(role: Role | null | undefined, kind: SourceKindName): boolean {
  if (!can(role, 'sources.update')) return false;
  return !(FILE_SOURCE_KINDS as readonly string[]).includes(kind) || (role != null && roleAtLeast(role, 'admin'));
}
