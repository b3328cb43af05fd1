/**
 * Roles, lowest privilege first. A method names the lowest role that may call it;
 * every role above it may call it too.
 */
export const ROLES = ['viewer', 'operator', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `public` methods need no session (health, login). `installation` methods manage the
 * installation itself (its tenants): only a user with the installation-admin flag may call them,
 * whatever their role, and the flag grants nothing else (as Grafana's server admin is separate
 * from organisation roles), so a tenant's admin stays inside their tenant.
 */
export type Access = Role | 'public' | 'installation';

export function roleAtLeast(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** Who is calling, as far as access rules care. */
export interface Caller {
  role: Role;
  installationAdmin: boolean;
}

/** Whether `caller` may call a method declared with `access` (public methods: anyone). */
export function mayCall(access: Access, caller: Caller): boolean {
  if (access === 'public') return true;
  if (access === 'installation') return caller.installationAdmin;
  return roleAtLeast(caller.role, access);
}

/** What a refusal says the method needs, for error messages and the API reference. */
export function describeAccess(access: Access): string {
  if (access === 'public') return 'no session';
  if (access === 'installation') return 'an installation admin';
  return `${access} or above`;
}
