/**
 * Addresses anyone may open without signing in: the wall board reads only the public endpoints of
 * a published site map. Everything else shows the login page until there is a session.
 */
export function isPublicPath(pathname: string): boolean {
  return /^\/wall\/[^/]+\/?$/.test(pathname);
}
