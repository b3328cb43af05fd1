import type { RawEvent } from '../pipeline/index.js';

/** A small seeded generator (mulberry32), so every sample looks alike and tests can count on it. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The live stream's moments, in seconds from its start. */
export const SAMPLE_SCRIPT = {
  /** The dock camera goes silent (offline after the site's "offline after" minutes). */
  dockCameraStops: 60,
  /** Reefer 3 overheats: a critical event, a critical alert, the overlay in alarm. */
  reeferAlarm: 80,
  /** A burst of stream timeouts from the yard camera: a spike over its usual one a minute. */
  spikeFrom: 120,
  spikeTo: 180,
} as const;

/** The sample site's "offline after" (minutes). */
export const SAMPLE_OFFLINE_MINUTES = 2;
/** Seconds between two batches of the live stream. */
export const SAMPLE_TICK_SECONDS = 2;
/** Minutes of quiet history stored before the stream starts (the spike needs a baseline). */
export const SAMPLE_HISTORY_MINUTES = 60;

const SAMPLE = { sample: true } as const;
const PLATES = ['NL-82-KX', 'NL-17-TR', 'DE-MK-412', 'BE-1-ABC', 'NL-55-PZ'];
const BADGES = ['4411', '2093', '7730', '1186'];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function detection(random: () => number, camera: string, where: string, time: number): RawEvent {
  const label = pick(random, ['person', 'person', 'car', 'truck']);
  return {
    time,
    message: `${label === 'person' ? 'Person' : label === 'car' ? 'Car' : 'Truck'} detected at ${where}`,
    severity: 'info',
    kind: 'detection',
    device: camera,
    label,
    attributes: { ...SAMPLE, score: Math.round((0.7 + random() * 0.29) * 100) / 100 },
  };
}

const timeout = (time: number): RawEvent => ({
  time,
  message: 'RTSP stream timeout from cam-yard after 5000 ms',
  severity: 'error',
  kind: 'error',
  device: 'cam-yard',
  attributes: { ...SAMPLE },
});

function reefer(random: () => number, time: number, alarm: boolean): RawEvent {
  const value = alarm ? 9 + random() * 1.5 : 2.6 + random() * 0.8;
  return alarm
    ? {
        time,
        message: `Reefer 3 temperature ${value.toFixed(1)} °C above alarm limit 8.0 °C`,
        severity: 'critical',
        kind: 'device',
        device: 'reefer-3',
        attributes: { ...SAMPLE, celsius: Math.round(value * 10) / 10 },
      }
    : {
        time,
        message: `Reefer 3 temperature ${value.toFixed(1)} °C (setpoint 3.0 °C)`,
        severity: 'info',
        kind: 'device',
        device: 'reefer-3',
        attributes: { ...SAMPLE, celsius: Math.round(value * 10) / 10 },
      };
}

/** The usual traffic of one minute, spread over it (history, and the stream's background). */
function usualMinute(random: () => number, start: number, withDock: boolean): RawEvent[] {
  const at = () => start + Math.floor(random() * 59_000);
  const events: RawEvent[] = [
    detection(random, 'cam-gate', 'north gate', at()),
    detection(random, 'cam-yard', 'yard', at()),
    {
      time: at(),
      message: `Door ${pick(random, ['A', 'B'])} badge access granted for badge ${pick(random, BADGES)}`,
      severity: 'info',
      kind: 'device',
      device: pick(random, ['door-a', 'door-b']),
      attributes: { ...SAMPLE },
    },
    {
      time: at(),
      message: `Barrier raised for plate ${pick(random, PLATES)}`,
      severity: 'info',
      kind: 'device',
      device: 'gate-barrier',
      attributes: { ...SAMPLE },
    },
    reefer(random, at(), false),
    {
      time: at(),
      message: `nvr: recording segment closed for ${pick(random, ['cam-gate', 'cam-yard', 'cam-dock'])} (60 s)`,
      severity: 'info',
      kind: 'log',
      attributes: { ...SAMPLE },
    },
  ];
  if (withDock) events.push(detection(random, 'cam-dock', 'loading dock', at()));
  if (random() < 0.8) events.push(timeout(at()));
  return events;
}

/** An hour of quiet history ending at the minute before `start`, oldest first. */
export function historyEvents(start: number, random: () => number): RawEvent[] {
  const lastMinute = Math.floor(start / 60_000) * 60_000 - 60_000;
  const events: RawEvent[] = [];
  for (let m = SAMPLE_HISTORY_MINUTES; m >= 1; m--)
    events.push(...usualMinute(random, lastMinute - (m - 1) * 60_000, true));
  return events.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
}

/** The live stream's batch at second `t` of the stream (every SAMPLE_TICK_SECONDS), stamped `at`. */
export function liveEvents(t: number, at: number, random: () => number): RawEvent[] {
  const s = SAMPLE_SCRIPT;
  const events: RawEvent[] = [];
  const dockAlive = t < s.dockCameraStops;
  // The usual minute's traffic, thinned to one tick's share.
  for (const event of usualMinute(random, at, dockAlive)) {
    if (random() < SAMPLE_TICK_SECONDS / 60) events.push({ ...event, time: at });
  }
  if (t % 20 === 0) events.push(reefer(random, at, t >= s.reeferAlarm));
  if (t === 40) {
    events.push({
      time: at,
      message: 'Door B held open for 45 s',
      severity: 'warning',
      kind: 'device',
      device: 'door-b',
      attributes: { ...SAMPLE },
    });
  }
  if (t >= s.spikeFrom && t < s.spikeTo) events.push(timeout(at), timeout(at));
  return events;
}
