import type { SiteScope } from '../store/index.js';

export interface SpikeObserver {
  observe(groupId: string, minute: number, count: number): { spike: boolean; expected: number; score: number };
}

export interface Spike {
  scope: SiteScope;
  groupId: string;
  minute: number;
  count: number;
  expected: number;
  score: number;
}

export interface MinuteSpikesOptions {
  detector: SpikeObserver;
  now: () => number;
  onSpike(spike: Spike): void;
  /** A group with no events for this many minutes is forgotten (its baseline has decayed to zero). */
  idleMinutes?: number;
}

interface Tracked {
  scope: SiteScope;
  /** Counts of minutes not yet handed to the detector. */
  open: Map<number, number>;
  lastActiveMinute: number;
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * Per-group per-minute counts in memory (the store keeps the durable copy) and the spike check on
 * every minute boundary: each closed minute of each recently active group goes to the detector,
 * zero minutes included, so its baseline decays while a group is quiet.
 */
export function createMinuteSpikes(options: MinuteSpikesOptions) {
  const groups = new Map<string, Tracked>();
  const idle = options.idleMinutes ?? 120;
  let closedThrough = minuteOf(options.now()) - 1;

  function count(scope: SiteScope, groupId: string, time: number, n = 1): void {
    const minute = minuteOf(time);
    // Late events for a minute already judged only reach the stored counts, never the detector.
    if (minute <= closedThrough) return;
    let tracked = groups.get(groupId);
    if (!tracked) groups.set(groupId, (tracked = { scope, open: new Map(), lastActiveMinute: minute }));
    tracked.open.set(minute, (tracked.open.get(minute) ?? 0) + n);
    tracked.lastActiveMinute = Math.max(tracked.lastActiveMinute, minute);
  }

  /** Judges every minute that ended since the last call. */
  function tick(): Spike[] {
    const current = minuteOf(options.now());
    const spikes: Spike[] = [];
    // After a long sleep, judge at most the last `idle` minutes: older zeros add nothing.
    const from = Math.max(closedThrough + 1, current - idle);
    for (let minute = from; minute < current; minute++) {
      for (const [groupId, tracked] of groups) {
        const n = tracked.open.get(minute) ?? 0;
        tracked.open.delete(minute);
        const verdict = options.detector.observe(groupId, minute, n);
        if (verdict.spike) {
          const spike = {
            scope: tracked.scope,
            groupId,
            minute,
            count: n,
            expected: verdict.expected,
            score: verdict.score,
          };
          spikes.push(spike);
          options.onSpike(spike);
        }
        if (tracked.open.size === 0 && minute - tracked.lastActiveMinute >= idle) groups.delete(groupId);
      }
    }
    closedThrough = Math.max(closedThrough, current - 1);
    return spikes;
  }

  /** Moves a merged group's pending counts into its target. */
  function merged(targetId: string, sourceIds: readonly string[]): void {
    const target = groups.get(targetId);
    for (const id of sourceIds) {
      const source = groups.get(id);
      groups.delete(id);
      if (!source || !target) continue;
      for (const [minute, n] of source.open) target.open.set(minute, (target.open.get(minute) ?? 0) + n);
    }
  }

  /**
   * Rebuilds baselines after a restart from the stored minute counts (oldest first): closed minutes
   * go to the detector without raising anything, the current minute keeps counting.
   */
  function seed(scope: SiteScope, groupId: string, counts: readonly { minute: number; count: number }[]): void {
    for (const { minute, count: n } of [...counts].sort((a, b) => a.minute - b.minute)) {
      if (minute <= closedThrough) options.detector.observe(groupId, minute, n);
      else count(scope, groupId, minute * 60_000, n);
    }
    const last = counts.reduce((max, c) => Math.max(max, c.minute), -Infinity);
    if (!groups.has(groupId) && last > closedThrough - idle) {
      groups.set(groupId, { scope, open: new Map(), lastActiveMinute: last });
    }
  }

  /** Stops tracking groups (their site was removed, or they are about to be seeded afresh). */
  function forget(groupIds: readonly string[]): void {
    for (const id of groupIds) groups.delete(id);
  }

  return { count, tick, merged, seed, forget, tracked: () => groups.size };
}

export type MinuteSpikes = ReturnType<typeof createMinuteSpikes>;
