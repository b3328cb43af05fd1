/**
 * Clock offset between a site and the hub from one request (NTP's formula): the site sends at t0
 * (its clock), the hub receives at t1 and answers at t2 (its clock), the site receives at t3. The
 * offset is hub minus site; the error is at most half the round trip. Sync never depends on it:
 * ordering is by sequence number. It is shown, so people know how far apart the two clocks are.
 */
export interface ClockSample {
  offsetMs: number;
  roundTripMs: number;
}

export function clockSample(t0: number, t1: number, t2: number, t3: number): ClockSample {
  return { offsetMs: Math.round((t1 - t0 + (t2 - t3)) / 2), roundTripMs: Math.max(0, t3 - t0 - (t2 - t1)) };
}

/** Over a minute apart: worth telling users, since times on the two sides differ by that much. */
export const SKEW_WARNING_MS = 60_000;

export const isSkewed = (offsetMs: number | null): boolean => offsetMs !== null && Math.abs(offsetMs) > SKEW_WARNING_MS;
