/** Where each kind of Home item is handled. */
export const mapOf = (siteId: string): string => `/map?site=${encodeURIComponent(siteId)}`;
export const groupOf = (groupId: string): string => `/dashboard/groups/${encodeURIComponent(groupId)}`;
export const ALERTS_PAGE = '/dashboard';
export const SOURCES_PAGE = '/settings/sources';
export const TUNNELS_PAGE = '/settings/tunnels';

/** "3 devices", "1 device". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
