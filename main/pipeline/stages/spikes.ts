import { z } from 'zod';
import { OutpostError, parseOrThrow } from '../../contract/index.js';
import { poissonScore } from './poisson-tail.js';

export const SpikeParamsSchema = z.object({
  /** Weight of the newest minute in the baseline (EWMA), 0 < alpha ≤ 1: 0.1 ≈ the last 10 minutes. */
  alpha: z.number().gt(0).lte(1),
  /** How surprising a minute must be, as a z-score of its Poisson tail probability. */
  zThreshold: z.number().positive().max(50),
  /** Fewer events than this in a minute are never a spike, however quiet the group was. */
  minCount: z.number().int().min(1).max(1_000_000),
  /** After a spike, the group's next spike is held back for this many minutes. */
  cooldownMinutes: z.number().int().min(0).max(10_080),
  /** A group's first minutes only build its baseline (its arrival is the new-group alert). */
  warmupMinutes: z.number().int().min(0).max(10_080),
});
export type SpikeParams = z.infer<typeof SpikeParamsSchema>;

export const DEFAULT_SPIKE_PARAMS: SpikeParams = {
  alpha: 0.1,
  zThreshold: 4,
  minCount: 5,
  cooldownMinutes: 10,
  warmupMinutes: 15,
};

export interface SpikeVerdict {
  spike: boolean;
  /** The baseline: events per minute the group was expected to have. */
  expected: number;
  /** z-score equivalent of the minute's Poisson tail probability (0 when not above the baseline). */
  score: number;
}

export interface SpikeDetector {
  /**
   * `count` is the group's total for `minute` (minutes since 1970) so far: call it once when the
   * minute closes, or repeatedly as it fills. Minutes never observed count as zero.
   */
  observe(groupId: string, minute: number, count: number): SpikeVerdict;
  /** JSON to pass back as `state` after a restart. */
  exportState(): string;
}

/** Per group. `mean` and `dispersion` describe the minutes up to (not including) `minute`. */
interface GroupState {
  mean: number;
  /** EWMA of (x − mean)² / mean: 1 for Poisson counts, more for bursty ones. */
  dispersion: number;
  /** Minutes folded into the baseline so far. */
  minutes: number;
  first: number;
  minute: number;
  count: number;
  lastSpike: number | null;
}

const STATE_VERSION = 1;
const StateSchema = z.object({
  version: z.literal(STATE_VERSION),
  groups: z.record(
    z.string(),
    z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number(), z.number().nullable()]),
  ),
});

/** Quiet groups keep a tiny baseline; below it any handful of events would look infinitely surprising. */
const MIN_RATE = 0.05;
/** Skipped minutes beyond this are folded in one step: the baseline is ~0 by then anyway. */
const MAX_STEPWISE_GAP = 1000;

function parseState(state: string): Map<string, GroupState> {
  let data: z.infer<typeof StateSchema>;
  try {
    data = StateSchema.parse(JSON.parse(state));
  } catch (err) {
    throw new OutpostError('invalid_input', 'The saved spike detector state is unreadable; start without it.', {
      cause: err,
      issues: [{ path: 'state', message: 'Must be the JSON written by exportState()' }],
    });
  }
  const groups = new Map<string, GroupState>();
  for (const [id, [mean, dispersion, minutes, first, minute, count, lastSpike]] of Object.entries(data.groups)) {
    groups.set(id, { mean, dispersion, minutes, first, minute, count, lastSpike });
  }
  return groups;
}

/**
 * Per-group spike detection: an EWMA baseline of per-minute counts (a plain average while young), a
 * Poisson tail test scaled for over-dispersion, a minimum count, a warm-up and a cooldown. A spike
 * minute enters the baseline capped at the threshold, so one burst does not hide the next.
 */
export function createSpikeDetector(params: Partial<SpikeParams> = {}, state?: string): SpikeDetector {
  const p = parseOrThrow(SpikeParamsSchema, { ...DEFAULT_SPIKE_PARAMS, ...params }, 'spike detection settings');
  const groups = state === undefined ? new Map<string, GroupState>() : parseState(state);

  function fold(s: GroupState, x: number): void {
    s.minutes += 1;
    if (s.minutes === 1) {
      s.mean = x;
      s.dispersion = 1;
      return;
    }
    const rate = Math.max(s.mean, MIN_RATE);
    const cap = rate + p.zThreshold * Math.sqrt(s.dispersion * Math.max(rate, 1));
    const value = Math.min(x, cap);
    const a = Math.max(p.alpha, 1 / s.minutes);
    const residual = ((value - s.mean) * (value - s.mean)) / Math.max(s.mean, 1);
    s.mean += a * (value - s.mean);
    s.dispersion = Math.min(100, s.dispersion + a * (residual - s.dispersion));
  }

  /** Closes `s.minute` and the empty minutes up to `minute`. */
  function advance(s: GroupState, minute: number): void {
    fold(s, s.count);
    const gap = minute - s.minute - 1;
    const stepwise = Math.min(gap, MAX_STEPWISE_GAP);
    for (let i = 0; i < stepwise; i++) fold(s, 0);
    if (gap > stepwise) {
      s.mean *= (1 - p.alpha) ** (gap - stepwise);
      s.minutes += gap - stepwise;
    }
    s.minute = minute;
    s.count = 0;
  }

  function judge(s: GroupState, minute: number, count: number): SpikeVerdict {
    if (s.minutes === 0) return { spike: false, expected: 0, score: 0 };
    const expected = s.mean;
    const score = poissonScore(count, Math.max(expected, MIN_RATE), Math.max(1, s.dispersion));
    const warm = minute - s.first >= p.warmupMinutes;
    const cooled = s.lastSpike === null || Math.abs(minute - s.lastSpike) > p.cooldownMinutes;
    const spike = warm && cooled && count >= p.minCount && score >= p.zThreshold;
    if (spike) s.lastSpike = Math.max(s.lastSpike ?? minute, minute);
    return { spike, expected, score };
  }

  return {
    observe(groupId, minute, count) {
      let s = groups.get(groupId);
      if (!s) {
        s = { mean: 0, dispersion: 1, minutes: 0, first: minute, minute, count: 0, lastSpike: null };
        groups.set(groupId, s);
      }
      if (minute > s.minute) advance(s, minute);
      // A late minute (already folded in) is judged against today's baseline but changes nothing.
      if (minute === s.minute) s.count = count;
      return judge(s, minute, count);
    },
    exportState() {
      const out: z.infer<typeof StateSchema> = { version: STATE_VERSION, groups: {} };
      for (const [id, s] of groups) {
        out.groups[id] = [s.mean, s.dispersion, s.minutes, s.first, s.minute, s.count, s.lastSpike];
      }
      return JSON.stringify(out);
    },
  };
}
