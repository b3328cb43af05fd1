/**
 * Roles, lowest privilege first. A method names the lowest role that may call it;
 * every role above it may call it too.
 */
export const ROLES = ['viewer', 'operator', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `public` methods need no session (health, login). */
export type Access = Role | 'public';

export function roleAtLeast(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}
