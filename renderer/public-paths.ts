import type { ReleaseEnv } from '../main/contract/index.js';

const WALL_BOARD = /^\/wall\/([^/]+)\/?$/;

/**
 * Addresses anyone may open without signing in: the wall board reads only the public endpoints of
 * a published site map. Everything else shows the login page until there is a session.
 */
export function isPublicPath(pathname: string): boolean {
  return WALL_BOARD.test(pathname);
}

export interface WallBoardAddress {
  slug: string;
  env: ReleaseEnv;
}

/**
 * The site and environment a wall board address names (`/wall/{slug}?env=staging`), read without
 * the router: a board loads only its own code. Production unless staging is asked for.
 */
export function wallBoardAddress(pathname: string, search: string): WallBoardAddress | null {
  const match = WALL_BOARD.exec(pathname);
  if (!match) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    slug = match[1]!;
  }
  return { slug, env: new URLSearchParams(search).get('env') === 'staging' ? 'staging' : 'production' };
}
