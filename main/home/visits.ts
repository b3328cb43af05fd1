import type { HomeVisitRow } from '../store/index.js';

/** Away this long, and the next look at Home is a new visit: "new" then counts from the last one. */
export const VISIT_GAP_MS = 30 * 60_000;

/**
 * Where "new since your last visit" starts for a user looking at Home at `now`: the time they last
 * looked, if that was a while ago (a new visit), else the start the current visit already has.
 * Null on a first visit.
 */
export function effectiveSince(visit: HomeVisitRow | undefined, now: number): number | null {
  if (!visit) return null;
  return now - visit.seenAt >= VISIT_GAP_MS ? visit.seenAt : visit.since;
}

/** The visit after the user looked at Home at `now`. */
export function nextVisit(visit: HomeVisitRow | undefined, now: number): HomeVisitRow {
  return { seenAt: Math.max(now, visit?.seenAt ?? 0), since: effectiveSince(visit, now) };
}
