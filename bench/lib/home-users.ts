import type { OutpostServer } from '../../e2e/support/outpost-server.js';
import { rpc } from './webhook-source.js';

/** The part of a Home the Home benchmark looks at. */
export interface HomeAnswer {
  generatedAt: number;
  alerts: { open: { critical: number; warning: number; info: number }; items: { id: string; openedAt: number }[] };
}

export interface HomeUser {
  email: string;
  token: string;
}

const PASSWORD = 'bench-home-password-0001';

/**
 * Creates `count` viewers in the admin's tenant and signs each in, twenty sign-ins at a time from
 * one address (the login limiter counts only failures, so a burst of correct passwords goes through).
 */
export async function createHomeUsers(server: OutpostServer, adminToken: string, count: number): Promise<HomeUser[]> {
  const emails = Array.from({ length: count }, (_, i) => `viewer-${i}@bench.test`);
  const users: HomeUser[] = [];
  for (let from = 0; from < count; from += 10) {
    const batch = emails.slice(from, from + 10);
    await Promise.all(
      batch.map((email) => rpc(server, 'users.create', { email, role: 'viewer', password: PASSWORD }, adminToken)),
    );
  }
  for (let from = 0; from < count; from += 20) {
    const batch = emails.slice(from, from + 20);
    const signedIn = await Promise.all(
      batch.map(async (email) => {
        const { token } = (await rpc(server, 'auth.login', { email, password: PASSWORD })) as { token: string };
        return { email, token };
      }),
    );
    users.push(...signedIn);
  }
  return users;
}

/** One `home.get` over loopback HTTP, timed from send to the parsed answer. */
export async function timedHomeGet(server: OutpostServer, token: string): Promise<{ ms: number; home: HomeAnswer }> {
  const started = performance.now();
  const home = (await rpc(server, 'home.get', {}, token)) as HomeAnswer;
  return { ms: performance.now() - started, home };
}

/** Every user's `home.get` at once: one round of concurrent readers. */
export function homeRound(server: OutpostServer, users: readonly HomeUser[]) {
  return Promise.all(users.map((user) => timedHomeGet(server, user.token)));
}

export interface CacheCounts {
  hits: number;
  misses: number;
  missesByReason: Record<string, number>;
  invalidations: number;
  refreshes: number;
}

export async function cacheCounts(server: OutpostServer, adminToken: string): Promise<CacheCounts> {
  return (await rpc(server, 'home.cacheStats', {}, adminToken)) as CacheCounts;
}

/** What happened to the cache between two readings of home.cacheStats. */
export function cacheDelta(before: CacheCounts, after: CacheCounts): CacheCounts {
  const reasons: Record<string, number> = {};
  for (const [reason, n] of Object.entries(after.missesByReason)) {
    const d = n - (before.missesByReason[reason] ?? 0);
    if (d > 0) reasons[reason] = d;
  }
  return {
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    missesByReason: reasons,
    invalidations: after.invalidations - before.invalidations,
    refreshes: after.refreshes - before.refreshes,
  };
}
